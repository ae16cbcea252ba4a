import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { tempFolder } from '../../../test/support/archive-store.js';
import { configureLogging, createLogger, logFilePath } from './logger.js';

describe('configureLogging', () => {
  const folder = tempFolder('logger');

  afterEach(() => {
    configureLogging({ dir: null });
  });

  afterAll(() => {
    folder.remove();
  });

  it('goes on without a log file when the log folder cannot be created', () => {
    // Regression: a read-only store folder made the CLI fail with "EACCES" before it could
    // say in a sentence that the store cannot be written.
    const blocker = path.join(folder.dir, 'not-a-folder');
    writeFileSync(blocker, '');

    expect(() => configureLogging({ dir: path.join(blocker, 'logs') })).not.toThrow();
    expect(logFilePath()).toBeNull();
    expect(() => createLogger('test').warn('still fine')).not.toThrow();

    configureLogging({ dir: path.join(folder.dir, 'logs') });
    expect(logFilePath()).toBe(path.join(folder.dir, 'logs', 'archive-importer.log'));
  });
});
