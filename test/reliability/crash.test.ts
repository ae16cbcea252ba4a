/**
 * The built CLI killed with SIGKILL at random moments, again and again, against the peer
 * running in this process: uploading tens of thousands of messages, and importing a large
 * export. After every kill the store must be intact; at the end everything must be there
 * once, the peer must have received at most one batch twice per kill, and no call may have
 * arrived over the rate limit across all the processes (the limiter's window is in the store).
 *
 * ARCHIVE_IMPORTER_SOAK=1 (npm run test:soak) runs the same with more messages and kills.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { sampleLines } from '../../electron/core/demo/sample-export.js';
import { importFile } from '../../electron/core/importer/import-file.js';
import { openDatabase } from '../../electron/core/store/database.js';
import {
  maxInAnyWindow,
  messageRecords,
  storeWith,
  tempFolder,
  textExport,
  UINT64_MAX,
} from '../support/archive-store.js';
import { buildCliIfStale, ROOT, startCli, uploadArgs } from '../support/cli-process.js';
import { startPeerScrm, type PeerScrm } from '../support/peer-scrm.js';

const SOAK = process.env['ARCHIVE_IMPORTER_SOAK'] === '1';

const UPLOAD = SOAK
  ? { messages: 500_000, kills: 120, maxLives: 800 }
  : { messages: 80_000, kills: 20, maxLives: 120 };
const IMPORT = SOAK ? { records: 400_000, kills: 25 } : { records: 120_000, kills: 6 };

/** Ten calls a second: the API's ten a minute, sped up sixty times. */
const CLI_RATE = '10/1';
const PEER_RATE = { calls: 10, windowMs: 1000 };
/**
 * Half the processes are killed this long after they start, at random: during start-up,
 * calls or waits; the other half while one of their first calls is at the peer.
 */
const KILL_AFTER_MS = { min: 100, max: 600 };
const KILL_AT_PUSH = { most: 3, extraMs: 30 };
const SEED = 20240301;

let folder: ReturnType<typeof tempFolder>;
let peer: PeerScrm | null = null;

beforeAll(() => buildCliIfStale(), 120_000);

beforeEach(() => {
  folder = tempFolder('crash');
});

afterEach(async () => {
  await peer?.close();
  peer = null;
  folder.remove();
});

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function integrity(dbPath: string): string {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join('; ');
  } finally {
    db.close();
  }
}

function importState(dbPath: string): string | undefined {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
  } catch {
    // Killed before the store was created.
    return undefined;
  }
  try {
    return db.prepare('SELECT state FROM imports ORDER BY id LIMIT 1').pluck().get() as
      string | undefined;
  } catch {
    // Killed before the schema was written.
    return undefined;
  } finally {
    db.close();
  }
}

function inFlight(dbPath: string): { batches: number; strays: number } {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return {
      batches: db
        .prepare("SELECT count(*) FROM batches WHERE state = 'sending'")
        .pluck()
        .get() as number,
      // Messages marked sending must all belong to a batch still sending.
      strays: db
        .prepare(
          `SELECT count(*) FROM messages WHERE status = 'sending'
           AND batch_id NOT IN (SELECT id FROM batches WHERE state = 'sending')`,
        )
        .pluck()
        .get() as number,
    };
  } finally {
    db.close();
  }
}

describe('the CLI killed at random moments', () => {
  it(
    'uploads every message once per crash at most, within the rate limit across restarts',
    async () => {
      const messages = textExport(UPLOAD.messages, { prefix: 'crash' });
      const { db, dbPath } = await storeWith(folder.dir, messages);
      db.close();
      peer = await startPeerScrm({ rate: PEER_RATE });
      const random = seeded(SEED);

      let kills = 0;
      const lives: Array<{ firstPush: number; killed: boolean }> = [];
      let final: { calls: number; uploaded: number; remaining: number; ending: string } | null =
        null;
      for (let life = 0; life < UPLOAD.maxLives && final === null; life += 1) {
        const run = startCli(uploadArgs(dbPath, peer.credentials, CLI_RATE));
        const entry = { firstPush: peer.pushes.length, killed: false };
        lives.push(entry);
        const kill = () => run.child.kill('SIGKILL');
        let timer: NodeJS.Timeout | null = null;
        if (kills < UPLOAD.kills && random() < 0.5) {
          timer = setTimeout(
            kill,
            KILL_AFTER_MS.min + random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min),
          );
        } else if (kills < UPLOAD.kills) {
          const atPush = entry.firstPush + 1 + Math.floor(random() * KILL_AT_PUSH.most);
          const extra = random() * KILL_AT_PUSH.extraMs;
          peer.setOptions({
            onPushArrival: (record) => {
              if (record.call === atPush) timer = setTimeout(kill, extra);
            },
          });
        }
        const ended = await run.done;
        if (timer) clearTimeout(timer);
        peer.setOptions({ onPushArrival: () => {} });

        if (ended.signal === 'SIGKILL') {
          kills += 1;
          entry.killed = true;
        } else {
          expect(ended.stderr).toBe('');
          expect(ended.code).toBe(0);
          final = JSON.parse(ended.stdout) as typeof final;
        }
        expect(integrity(dbPath)).toBe('ok');
        expect(inFlight(dbPath).batches).toBeLessThanOrEqual(1);
        expect(inFlight(dbPath).strays).toBe(0);
      }

      expect(kills).toBeGreaterThanOrEqual(UPLOAD.kills);
      expect(final).toMatchObject({ ending: 'done', remaining: 0 });

      // Everything arrived, digit for digit as stored.
      const check = openDatabase(dbPath);
      const records = messageRecords(check);
      check.close();
      expect(records.filter((record) => record.status !== 'uploaded')).toEqual([]);
      expect(peer.held.size).toBe(UPLOAD.messages);
      for (const record of records) expect(peer.held.get(record.msgid)).toBe(record.payload);
      const big = messages[Math.floor(UPLOAD.messages / 2)]!.msgid;
      expect(peer.held.get(big)).toContain(`"seq":${UINT64_MAX}`);
      expect(peer.pushes.filter((record) => record.problem !== null)).toEqual([]);

      // A batch twice at most once per kill: only as the first call after it, and whole.
      const duplicated = peer.pushes.filter((record) => record.duplicates.length > 0);
      for (const record of duplicated) expect(record.duplicates).toEqual(record.msgids);
      let mostAfterOneKill = 0;
      for (const [index, life] of lives.entries()) {
        const end = lives[index + 1]?.firstPush ?? peer.pushes.length;
        const copies = peer.pushes.slice(life.firstPush, end).filter((r) => r.duplicates.length);
        expect(copies.length).toBeLessThanOrEqual(index > 0 && lives[index - 1]!.killed ? 1 : 0);
        mostAfterOneKill = Math.max(mostAfterOneKill, copies.length);
      }
      expect(duplicated.length).toBeLessThanOrEqual(kills);

      // The limit held across every restart.
      const arrivals = peer.pushes.map((record) => record.arrivedAt);
      const most = maxInAnyWindow(arrivals, PEER_RATE.windowMs);
      expect(most).toBeLessThanOrEqual(PEER_RATE.calls);
      expect(peer.pushes.filter((record) => record.overLimit)).toEqual([]);

      console.table({
        upload: {
          messages: UPLOAD.messages,
          processes: lives.length,
          kills,
          calls: peer.pushes.length,
          duplicateBatches: duplicated.length,
          maxDuplicatesPerKill: mostAfterOneKill,
          maxCallsPerWindow: most,
        },
      });
    },
    SOAK ? 1_500_000 : 150_000,
  );

  it(
    'imports a large export killed mid-file several times, then finishes with the same counts',
    async () => {
      const fixtures = readFileSync(path.join(ROOT, 'test/fixtures/wecom-messages.jsonl'), 'utf8');
      const file = path.join(folder.dir, 'export.jsonl');
      writeFileSync(
        file,
        `${[...sampleLines({ fixtures, count: IMPORT.records, defects: true })].join('\n')}\n`,
      );
      // What one uninterrupted import makes of the same file.
      const reference = openDatabase(path.join(folder.dir, 'reference.db'));
      await importFile({ db: reference, file, cutoff: null });
      const dbPath = path.join(folder.dir, 'crashed.db');
      const random = seeded(SEED + 1);

      let kills = 0;
      let midFile = 0;
      let finished = false;
      for (let life = 0; life < IMPORT.kills * 6 && !finished; life += 1) {
        const run = startCli(['import', file, '--db', dbPath, '--json']);
        const timer =
          midFile < IMPORT.kills
            ? setTimeout(() => run.child.kill('SIGKILL'), 250 + random() * 700)
            : null;
        const ended = await run.done;
        if (timer) clearTimeout(timer);
        if (ended.signal === 'SIGKILL') {
          kills += 1;
          const state = importState(dbPath);
          if (state !== undefined && state !== 'done') midFile += 1;
        } else {
          expect(ended.stderr).toBe('');
          expect(ended.code).toBe(0);
          finished = true;
        }
        expect(integrity(dbPath)).toBe('ok');
      }
      expect(midFile).toBeGreaterThanOrEqual(IMPORT.kills);
      expect(finished).toBe(true);

      const crashed = openDatabase(dbPath);
      const counts = (db: BetterSqlite3.Database) => ({
        messages: db.prepare('SELECT count(*) FROM messages').pluck().get(),
        distinct: db.prepare('SELECT count(DISTINCT msgid) FROM messages').pluck().get(),
        byStatusAndType: db
          .prepare(
            'SELECT status, msgtype, count(*) AS n FROM messages GROUP BY 1, 2 ORDER BY 1, 2',
          )
          .all(),
        counted: db
          .prepare('SELECT msgtype, status, n FROM message_counts WHERE n > 0 ORDER BY 2, 1')
          .all(),
        // The file's import, resumed after every kill: the first row. A kill after it was done
        // makes the next run import the file again, which may only find duplicates.
        problems: db.prepare('SELECT count(*) FROM problems WHERE import_id = 1').pluck().get(),
        storedAgain: db
          .prepare('SELECT coalesce(sum(stored), 0) FROM imports WHERE id > 1')
          .pluck()
          .get(),
        importRow: db
          .prepare(
            `SELECT state, records, stored, valid, invalid, unsupported, duplicates, conflicts, warnings
             FROM imports WHERE id = 1`,
          )
          .get(),
        payloads: db.prepare('SELECT msgid, payload FROM messages ORDER BY id').all(),
      });
      const got = counts(crashed);
      const expected = counts(reference);
      crashed.close();
      reference.close();
      expect(got.messages).toBe(got.distinct);
      expect(got).toEqual(expected);
      console.table({
        import: { records: IMPORT.records, kills, midFile, messages: got.messages },
      });
    },
    SOAK ? 1_500_000 : 150_000,
  );
});
