import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { tempDir } from '../../../test/support/temp-dir.js';
import { openDatabase } from './database.js';
import { acquireStoreLock, lockPathFor } from './store-lock.js';

describe('acquireStoreLock', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: string;

  beforeEach(() => {
    dir = tempDir();
    store = path.join(dir.path, 'store.db');
    openDatabase(store).close();
  });

  afterEach(() => dir.remove());

  it('turns a second holder of the same store away with a sentence', () => {
    const first = acquireStoreLock(store);
    try {
      expect(() => acquireStoreLock(store)).toThrow(
        /is in use by another copy of the app or the command line/,
      );
    } finally {
      first.release();
    }
    acquireStoreLock(store).release();
  });

  it('meets the same lock through a symlink to the store (regression: both ran and uploaded twice)', () => {
    const alias = path.join(dir.path, 'alias.db');
    symlinkSync(store, alias);
    expect(lockPathFor(alias)).toBe(lockPathFor(store));
    const first = acquireStoreLock(store);
    try {
      expect(() => acquireStoreLock(alias)).toThrow(/in use/);
    } finally {
      first.release();
    }
  });

  it('meets the same lock through a symlinked folder and a relative path', () => {
    const linked = path.join(dir.path, 'linked');
    mkdirSync(path.join(dir.path, 'real'));
    symlinkSync(dir.path, linked);
    expect(lockPathFor(path.join(linked, 'store.db'))).toBe(lockPathFor(store));
    expect(lockPathFor(path.relative(process.cwd(), store))).toBe(lockPathFor(store));
  });
});
