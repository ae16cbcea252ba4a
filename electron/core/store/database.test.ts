import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase, schemaVersion } from './database.js';
import { ImportsRepo } from './imports-repo.js';
import {
  COUNT_TRIGGERS,
  dropCountTriggers,
  dropSecondaryIndexes,
  MIGRATIONS,
  SECONDARY_INDEXES,
} from './migrations.js';
import { StoreError } from './store-errors.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'database-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function names(db: ReturnType<typeof openDatabase>): Set<string> {
  return new Set(
    db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")
      .pluck()
      .all() as string[],
  );
}

describe('openDatabase', () => {
  it('creates the schema in WAL mode, in a folder it makes', () => {
    const db = openDatabase(path.join(dir, 'nested', 'store.db'));
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('opens its own store again without changing it', () => {
    const where = path.join(dir, 'store.db');
    const db = openDatabase(where);
    new ImportsRepo(db).create({
      path: 'a',
      name: 'a',
      size: 1,
      mtime: 1,
      format: 'jsonl',
      encoding: 'utf8',
      bomLength: 0,
      now: 1,
    });
    db.close();
    const again = openDatabase(where);
    expect(again.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(1);
    again.close();
  });

  it('restores indexes and count triggers that an interrupted bulk load left dropped, and recounts', () => {
    const where = path.join(dir, 'store.db');
    const db = openDatabase(where);
    dropSecondaryIndexes(db);
    dropCountTriggers(db);
    db.prepare(
      "INSERT INTO messages (id, msgid, import_id, line, src_offset, src_length, msgtime, msgtype, sender, room, status, payload) VALUES (1, 'm', 1, 1, 0, 1, 1, 'text', 'a', '', 'ready', '{}')",
    ).run();
    db.close();
    const again = openDatabase(where);
    const present = names(again);
    for (const name of [...Object.keys(SECONDARY_INDEXES), ...COUNT_TRIGGERS])
      expect(present.has(name)).toBe(true);
    expect(again.prepare('SELECT msgtype, status, n FROM message_counts').all()).toEqual([
      { msgtype: 'text', status: 'ready', n: 1 },
    ]);
    again.close();
  });

  it('refuses a file that is no store with a sentence', () => {
    const where = path.join(dir, 'notes.db');
    writeFileSync(where, 'these are my notes, not a database '.repeat(200));
    expect(() => openDatabase(where)).toThrow(StoreError);
    expect(() => openDatabase(where)).toThrow(/is not a readable store of this app/);
  });

  it('refuses a store written by a newer version', () => {
    const where = path.join(dir, 'store.db');
    const db = openDatabase(where);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(where)).toThrow(
      'This store was written by a newer version of the app (schema 999); update the app to open it.',
    );
  });
});

describe('ImportsRepo', () => {
  it('finds an unfinished import of the same unchanged file to resume, and marks dead runs as interrupted', () => {
    const db = openDatabase(path.join(dir, 'store.db'));
    const imports = new ImportsRepo(db);
    const base = {
      path: '/x.jsonl',
      name: 'x.jsonl',
      size: 10,
      mtime: 5,
      format: 'jsonl',
      encoding: 'utf8',
      bomLength: 0,
      now: 1,
    };
    const done = imports.create(base);
    imports.finish(done, 'done', 2, null);
    expect(imports.findResumable('/x.jsonl', 10, 5)).toBeUndefined();
    const running = imports.create(base);
    expect(imports.markInterrupted()).toBe(1);
    expect(imports.get(running)).toMatchObject({ state: 'cancelled', error: 'interrupted' });
    expect(imports.findResumable('/x.jsonl', 10, 5)?.id).toBe(running);
    expect(imports.findResumable('/x.jsonl', 11, 5)).toBeUndefined();
    expect(imports.findResumable('/x.jsonl', 10, 6)).toBeUndefined();
    db.close();
  });

  it('never turns inexact offsets exact again when an import finishes', () => {
    const db = openDatabase(path.join(dir, 'store.db'));
    const imports = new ImportsRepo(db);
    const id = imports.create({
      path: '/x',
      name: 'x',
      size: 1,
      mtime: 1,
      format: 'jsonl',
      encoding: 'utf8',
      bomLength: 0,
      now: 1,
    });
    imports.advance(
      id,
      {
        records: 0,
        stored: 0,
        valid: 0,
        invalid: 0,
        unsupported: 0,
        excluded: 0,
        duplicates: 0,
        conflicts: 0,
        warnings: 0,
      },
      { resumeOffset: 5, resumeLine: 1, offsetsExact: false },
    );
    imports.finish(id, 'done', 2, null, { offsetsExact: true });
    expect(imports.get(id)?.offsets_exact).toBe(0);
    db.close();
  });
});
