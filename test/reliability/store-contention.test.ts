/**
 * One store, and what can stand in the way of writing it: a second process, a folder the
 * operator cannot write, a disk that fills up. Each must end in one sentence on stderr and a
 * store as it was, never in SQLite's own words or a damaged file.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ArchiveService } from '../../electron/core/service/archive-service.js';
import { StoreError } from '../../electron/core/store/store-errors.js';
import { acquireStoreLock } from '../../electron/core/store/store-lock.js';
import {
  statusCounts,
  storeWith,
  tempFolder,
  textExport,
  writeExport,
} from '../support/archive-store.js';
import {
  buildCliIfStale,
  cliRunsAs,
  runCli,
  startCli,
  uploadArgs,
} from '../support/cli-process.js';
import { startPeerScrm, type PeerScrm } from '../support/peer-scrm.js';

const PEER_RATE = { calls: 10, windowMs: 1000 };
/** Slow replies keep the first process busy while the second one tries its luck. */
const REPLY_DELAY_MS = 300;
const IN_USE = /^The store .+ is in use by another copy of the app or the command line\./;
/** Who the read-only test runs as: permissions do not bind root. */
const NOBODY = 65_534;
const IS_ROOT = process.getuid?.() === 0;
let nobodyRuns = false;

let folder: ReturnType<typeof tempFolder>;
let peer: PeerScrm | null = null;

beforeAll(() => {
  buildCliIfStale();
  nobodyRuns = IS_ROOT && cliRunsAs(NOBODY, NOBODY);
}, 120_000);

beforeEach(() => {
  folder = tempFolder('store-contention');
});

afterEach(async () => {
  await peer?.close();
  peer = null;
  chmodSync(folder.dir, 0o700);
  folder.remove();
});

function integrity(dbPath: string): string {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** One sentence for the operator: no stack, no SQLite code, a full stop at the end. */
function expectOneSentence(stderr: string, sentence: RegExp): void {
  const text = stderr.trim();
  expect(text).toMatch(sentence);
  expect(text.split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/SQLITE_|SqliteError|Something went wrong|\bat .+:\d+:\d+/);
  expect(text).toMatch(/\.$/);
}

async function storeReady(count: number): Promise<string> {
  const { db, dbPath } = await storeWith(folder.dir, textExport(count, { prefix: 'shared' }));
  db.close();
  return dbPath;
}

function batchRuns(dbPath: string): number[] {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT run_id FROM batches ORDER BY id').pluck().all() as number[];
  } finally {
    db.close();
  }
}

describe('two processes on one store', () => {
  it.each<[string, (dbPath: string, peer: PeerScrm) => string[]]>([
    ['a second upload', (dbPath, p) => uploadArgs(dbPath, p.credentials, '10/1')],
    [
      'an import',
      (dbPath) => ['import', path.join(path.dirname(dbPath), 'archive.jsonl'), '--db', dbPath],
    ],
    ['a status query', (dbPath) => ['status', '--db', dbPath, '--json']],
  ])(
    'lets the first upload run and sends %s away with a sentence',
    async (_, second) => {
      const dbPath = await storeReady(3_000);
      let started: () => void = () => {};
      const firstCall = new Promise<void>((resolve) => (started = resolve));
      peer = await startPeerScrm({
        rate: PEER_RATE,
        pushFault: () => ({ kind: 'slow', delayMs: REPLY_DELAY_MS }),
        onPushArrival: () => started(),
      });
      const first = startCli([...uploadArgs(dbPath, peer.credentials, '10/1'), '--limit', '3']);
      await firstCall;

      const refused = await runCli(second(dbPath, peer));
      const won = await first.done;

      expect(refused.code).toBe(1);
      expectOneSentence(refused.stderr, IN_USE);
      expect(refused.stdout).toBe('');
      expect(won.code).toBe(0);
      expect(JSON.parse(won.stdout)).toMatchObject({ calls: 3, uploaded: 3_000, remaining: 0 });
      expect(peer.pushes).toHaveLength(3);
      expect(batchRuns(dbPath)).toEqual([1, 1, 1]);
      expect(integrity(dbPath)).toBe('ok');
    },
    60_000,
  );

  it('refuses the desktop service on a store the CLI holds', async () => {
    const dbPath = await storeReady(2_000);
    let started: () => void = () => {};
    const firstCall = new Promise<void>((resolve) => (started = resolve));
    peer = await startPeerScrm({
      rate: PEER_RATE,
      pushFault: () => ({ kind: 'slow', delayMs: REPLY_DELAY_MS }),
      onPushArrival: () => started(),
    });
    const first = startCli(uploadArgs(dbPath, peer.credentials, '10/1'));
    await firstCall;

    const error = (() => {
      try {
        ArchiveService.open({ dbPath, version: 'test' });
        return null;
      } catch (caught) {
        return caught;
      }
    })();
    const won = await first.done;

    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_IN_USE');
    expect((error as StoreError).message).toMatch(IN_USE);
    expect(won.code).toBe(0);
    expect(integrity(dbPath)).toBe('ok');
  });

  it('lets exactly one of two uploads started together win, without interleaving batches', async () => {
    const dbPath = await storeReady(3_000);
    peer = await startPeerScrm({
      rate: PEER_RATE,
      pushFault: () => ({ kind: 'slow', delayMs: REPLY_DELAY_MS }),
    });
    const args = [...uploadArgs(dbPath, peer.credentials, '10/1'), '--limit', '3'];

    const results = await Promise.all([startCli(args).done, startCli(args).done]);

    const winners = results.filter((result) => result.code === 0);
    const losers = results.filter((result) => result.code !== 0);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expectOneSentence(losers[0]!.stderr, IN_USE);
    expect(peer.pushes).toHaveLength(3);
    expect(batchRuns(dbPath)).toEqual([1, 1, 1]);
  });
});

describe('a store that cannot be written', () => {
  const UPLOAD = [
    'upload',
    '--base-url',
    'http://127.0.0.1:9',
    '--client-id',
    'c',
    '--client-secret',
    's',
    '--token',
    't',
    '--aes-key',
    'a'.repeat(43),
    '--receive-id',
    'r',
  ];

  it.for<[string, string[], boolean]>([
    ['status', ['status', '--json'], false],
    ['import', ['import', 'more.jsonl'], false],
    ['upload', UPLOAD, false],
    ['status, with a lock file left from before', ['status', '--json'], true],
    ['upload, with a lock file left from before', UPLOAD, true],
  ])(
    'answers %s in a read-only folder with a sentence and leaves the store as it was',
    async ([, args, lockLeft], { skip }) => {
      // Regression: the log folder beside the store could not be created and the CLI said
      // "Something went wrong: EACCES"; a lock file left from before gave SQLITE_READONLY.
      // Folder modes do not bind root: run as nobody, if nobody can reach this checkout.
      skip(IS_ROOT && !nobodyRuns, 'no unprivileged user can run the CLI from this folder');
      const store = path.join(folder.dir, 'readonly');
      mkdirSync(store);
      const { db, dbPath } = await storeWith(store, textExport(500, { prefix: 'ro' }));
      db.close();
      if (lockLeft) acquireStoreLock(dbPath).release();
      writeExport(path.join(store, 'more.jsonl'), textExport(10, { prefix: 'more' }));
      const before = statSync(dbPath).mtimeMs;
      chmodSync(folder.dir, 0o755);
      chmodSync(dbPath, 0o444);
      chmodSync(store, 0o555);

      const result = await runCli(
        [
          ...args.map((arg) => (arg === 'more.jsonl' ? path.join(store, arg) : arg)),
          '--db',
          dbPath,
        ],
        IS_ROOT ? { uid: NOBODY, gid: NOBODY } : {},
      );

      chmodSync(store, 0o755);
      expect(result.code).not.toBe(0);
      expectOneSentence(result.stderr, /cannot be (written|created)|read-only|can be written/);
      expect(statSync(dbPath).mtimeMs).toBe(before);
      expect(integrity(dbPath)).toBe('ok');
    },
  );
});

describe('a disk that fills up', () => {
  /** File-size limit of the child process, in KiB: room for the store, not for the import. */
  const LIMIT_KIB = 2_048;

  it('stops an import with a sentence, keeps the store intact, and finishes once there is room', async () => {
    const dbPath = await storeReady(100);
    const big = textExport(40_000, { prefix: 'big', start: Date.UTC(2024, 5, 1) });
    const file = path.join(folder.dir, 'big.jsonl');
    writeExport(file, big);

    const full = await runCli(['import', file, '--db', dbPath], {
      shellPrefix: `ulimit -f ${LIMIT_KIB};`,
    });

    expect(full.code).toBe(1);
    expectOneSentence(full.stderr, /disk|full/);
    expect(integrity(dbPath)).toBe('ok');

    const roomy = await runCli(['import', file, '--db', dbPath, '--json']);
    expect(roomy.code).toBe(0);
    const db = new BetterSqlite3(dbPath, { readonly: true });
    const counts = statusCounts(db);
    const distinct = db.prepare('SELECT count(DISTINCT msgid) FROM messages').pluck().get();
    db.close();
    expect(counts).toEqual({ ready: 40_100 });
    expect(distinct).toBe(40_100);
  });

  it('stops an upload with a sentence and loses nothing when the store cannot grow', async () => {
    const dbPath = await storeReady(5_000);
    peer = await startPeerScrm({ rate: PEER_RATE });
    const size = Math.ceil(statSync(dbPath).size / 1024);
    // Regression: the upload job passed SQLite's error on, and the CLI said "Something went
    // wrong: disk I/O error".

    const full = await runCli(uploadArgs(dbPath, peer.credentials, '10/1'), {
      // The store's file fits; its write-ahead log cannot hold a batch.
      shellPrefix: `ulimit -f ${size + 64};`,
    });

    expect(full.code).toBe(1);
    expectOneSentence(full.stderr, /disk|full/);
    expect(integrity(dbPath)).toBe('ok');

    const roomy = await runCli(uploadArgs(dbPath, peer.credentials, '10/1'));
    expect(roomy.code).toBe(0);
    expect(peer.held.size).toBe(5_000);
    const db = new BetterSqlite3(dbPath, { readonly: true });
    expect(statusCounts(db)).toEqual({ uploaded: 5_000 });
    db.close();
  });
});
