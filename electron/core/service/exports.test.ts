import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { tempDir } from '../../../test/support/temp-dir.js';
import { importFile } from '../importer/import-file.js';
import { openDatabase } from '../store/database.js';
import { exportMessages } from './exports.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/wecom-messages.jsonl');

describe('exportMessages', () => {
  let dir: ReturnType<typeof tempDir>;

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(() => dir.remove());

  it('cannot be redirected by a link planted under the old temporary name (regression: it overwrote the link target)', async () => {
    const db = openDatabase(path.join(dir.path, 'store.db'));
    await importFile({ db, file: fixtures, cutoff: null });
    const victim = path.join(dir.path, 'victim.txt');
    writeFileSync(victim, 'untouched');
    const out = path.join(dir.path, 'export.csv');
    symlinkSync(victim, `${out}.part`);

    expect(exportMessages(db, {}, 'csv', out)).toBe(29);
    db.close();

    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(out, 'utf8').split('\r\n')).toHaveLength(31);
  });
});
