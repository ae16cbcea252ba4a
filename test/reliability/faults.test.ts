/**
 * The uploader against the independent peer, one fault at a time: a few thousand messages at
 * ten calls a second, and afterwards the store and the peer must tell the same story.
 * - every message is uploaded, or failed with its reason, or (when the fault pauses the run)
 *   still queued and delivered by the next run;
 * - the peer holds every uploaded message, digit for digit as stored;
 * - no call arrived over the rate limit, and after a failure the next call waited its backoff;
 * - a refused token costs at most one fresh token.
 */
import type { Database } from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

import { backoffDelay } from '../../electron/core/upload/backoff.js';
import { windowMs } from '../../electron/core/upload/rate-limiter.js';
import { createScrmTransport } from '../../electron/core/upload/scrm-transport.js';
import { Uploader, type RunResult } from '../../electron/core/upload/uploader.js';
import {
  maxInAnyWindow,
  messageRecords,
  storeWith,
  tempFolder,
  textExport,
  UINT64_MAX,
  type ExportMessage,
} from '../support/archive-store.js';
import {
  startPeerScrm,
  TAKEN_WITHOUT_REPLY,
  type PeerOptions,
  type PeerScrm,
  type PushFault,
  type PushFaultKind,
  type PushRecord,
} from '../support/peer-scrm.js';

const RATE = { calls: 10, windowSeconds: 1 };
const PEER_RATE = { calls: 10, windowMs: 1000 };
const MESSAGE_COUNT = 2_000;
/** Small batches make many calls out of a few thousand messages, so that faults recur. */
const BATCH_SIZE = 100;
const MAX_ATTEMPTS = 5;
/** The client gives up on a reply after this long; slow replies take twice as long. */
const CLIENT_TIMEOUT_MS = 400;
/** The default backoff's shape, in milliseconds instead of seconds. */
const BACKOFF = { baseMs: 40, capMs: 320 };

/** Unsuccessful outcomes, after which the uploader backs off. */
const FAILING: ReadonlySet<PushFaultKind> = new Set([
  'system-error',
  'drop-before',
  'drop-after',
  'slow',
  'truncated',
  'non-json',
]);
const RATE_LIMITING: ReadonlySet<PushFaultKind> = new Set(['rate-limit-429', 'rate-limit-body']);
const TOKEN_REFUSING: ReadonlySet<PushFaultKind> = new Set(['token-expired', 'token-revoked']);

interface Scenario {
  name: string;
  peer: Partial<PeerOptions>;
  /** The fault stops the run; what is left must stay queued and go with the next run. */
  pauses?: boolean;
  /** msgids the peer never takes: they must end failed with the reason. */
  neverTaken?: readonly string[];
  maxAttempts?: number;
}

function every(n: number, fault: PushFault): (call: number) => PushFault | null {
  return (call) => (call % n === 0 ? fault : null);
}

const STUBBORN = ['faults-0000005', 'faults-0001234', 'faults-0001999'];

const SCENARIOS: Scenario[] = [
  {
    name: 'partial fail_id_list replies',
    peer: { pushFault: () => ({ kind: 'partial', fraction: 0.03, always: STUBBORN }) },
    neverTaken: STUBBORN,
  },
  { name: 'code 10001 for whole calls', peer: { pushFault: every(4, { kind: 'system-error' }) } },
  {
    name: 'HTTP 429 with Retry-After',
    peer: { pushFault: every(5, { kind: 'rate-limit-429', retryAfterSeconds: 1 }) },
  },
  {
    name: 'the too-frequent code in an HTTP 200 body',
    peer: { pushFault: every(5, { kind: 'rate-limit-body' }) },
  },
  { name: 'expired tokens', peer: { pushFault: every(6, { kind: 'token-expired' }) } },
  { name: 'revoked tokens', peer: { pushFault: every(6, { kind: 'token-revoked' }) } },
  {
    // Each renewed token works before it is revoked: no loop, so the refresh limit never stops
    // the run (regression: three renewals in ten minutes did).
    name: 'tokens revoked every other call',
    peer: { pushFault: every(2, { kind: 'token-revoked' }) },
  },
  {
    name: 'a token endpoint that is down for a while',
    peer: { tokenFault: (call) => (call <= 2 ? 'down' : call === 3 ? 'drop' : null) },
  },
  {
    name: 'a token endpoint that stays down',
    peer: { tokenFault: () => 'down' },
    pauses: true,
  },
  { name: 'tokens refused however fresh', peer: { refuseEveryToken: true }, pauses: true },
  {
    name: 'a server that answers no call at all',
    peer: { pushFault: () => ({ kind: 'drop-before' }) },
    // Regression: each unanswered call charged the batch an attempt, so with the default
    // maxAttempts the oldest 1000 messages were marked failed before the run paused.
    pauses: true,
  },
  {
    name: 'connections dropped before the call is read',
    peer: { pushFault: every(3, { kind: 'drop-before' }) },
  },
  {
    name: 'connections dropped after the call was taken',
    peer: { pushFault: every(3, { kind: 'drop-after' }) },
  },
  {
    name: 'replies slower than the client waits',
    peer: { pushFault: every(4, { kind: 'slow', delayMs: 2 * CLIENT_TIMEOUT_MS }) },
  },
  { name: 'truncated replies', peer: { pushFault: every(4, { kind: 'truncated' }) } },
  { name: 'replies that are not JSON', peer: { pushFault: every(4, { kind: 'non-json' }) } },
  {
    name: 'every fault at random',
    peer: { pushFault: storm(7), tokenFault: (call) => (call % 4 === 2 ? 'down' : null) },
  },
];

/** A seeded mixture of every fault, on about a third of the calls. */
function storm(seed: number): (call: number) => PushFault | null {
  const faults: PushFault[] = [
    { kind: 'partial', fraction: 0.1 },
    { kind: 'system-error' },
    { kind: 'rate-limit-429', retryAfterSeconds: 1 },
    { kind: 'rate-limit-body' },
    { kind: 'token-expired' },
    { kind: 'token-revoked' },
    { kind: 'drop-before' },
    { kind: 'drop-after' },
    { kind: 'slow', delayMs: 2 * CLIENT_TIMEOUT_MS },
    { kind: 'truncated' },
    { kind: 'non-json' },
  ];
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  return () => (random() < 0.33 ? faults[Math.floor(random() * faults.length)]! : null);
}

/** One line per scenario, printed at the end: the numbers behind the verdicts. */
const summary: Array<Record<string, string | number>> = [];

afterAll(() => {
  if (summary.length) console.table(summary);
});

let folder: ReturnType<typeof tempFolder>;
let db: Database;
let peer: PeerScrm;
let messages: ExportMessage[];

beforeEach(async () => {
  folder = tempFolder('faults');
  messages = textExport(MESSAGE_COUNT, { prefix: 'faults' });
  ({ db } = await storeWith(folder.dir, messages));
});

afterEach(async () => {
  await peer?.close();
  if (db?.open) db.close();
  folder.remove();
});

function upload(maxAttempts = MAX_ATTEMPTS): Promise<RunResult> {
  return new Uploader({
    db,
    transport: createScrmTransport({
      credentials: peer.credentials,
      target: 'production',
      timeoutMs: CLIENT_TIMEOUT_MS,
    }),
    rate: RATE,
    maxAttempts,
    includeMedia: true,
    cutoff: null,
    maxMessagesPerBatch: BATCH_SIZE,
    backoff: BACKOFF,
  }).run();
}

/** What the client made of a call, as far as the peer can tell. */
function heard(record: PushRecord): 'ok' | 'failure' | 'rate' | 'token' {
  if (record.overLimit || (record.fault && RATE_LIMITING.has(record.fault))) return 'rate';
  if (record.fault && TOKEN_REFUSING.has(record.fault)) return 'token';
  if (record.problem && /access_token/.test(record.problem)) return 'token';
  if (record.fault && FAILING.has(record.fault)) return 'failure';
  return record.code === 0 ? 'ok' : 'failure';
}

/** `secondRun`: the first push of a second run, which owes the first run's streak nothing. */
function checkPacing(secondRun = Infinity): void {
  const arrivals = peer.pushes.map((record) => record.arrivedAt);
  expect(maxInAnyWindow(arrivals, PEER_RATE.windowMs)).toBeLessThanOrEqual(PEER_RATE.calls);
  expect(peer.pushes.filter((record) => record.overLimit)).toEqual([]);

  let streak = 0;
  for (const [index, record] of peer.pushes.entries()) {
    const next = peer.pushes[index + 1];
    const kind = heard(record);
    if (kind === 'ok') streak = 0;
    if (!next) continue;
    if (index + 1 === secondRun) {
      streak = 0;
      continue;
    }
    const gap = next.arrivedAt - record.arrivedAt;
    if (kind === 'failure') {
      streak += 1;
      // The shortest wait the backoff allows after this many failures in a row.
      expect(gap).toBeGreaterThanOrEqual(backoffDelay(streak, () => 0, BACKOFF));
    } else if (kind === 'rate') {
      const asked = record.fault === 'rate-limit-429' ? 1000 : windowMs(RATE) / RATE.calls;
      expect(gap).toBeGreaterThanOrEqual(asked);
    }
  }
}

function checkTokens(): void {
  const refusals = peer.pushes.filter((record) => heard(record) === 'token').length;
  const issued = peer.tokens.filter((record) => record.issued).length;
  // One token to start with, and at most one fresh token for each refusal.
  expect(issued).toBeLessThanOrEqual(1 + refusals);
  expect(peer.tokens.length - issued).toBe(
    peer.tokens.filter((record) => record.fault !== null).length,
  );
}

function checkAgreement(scenario: Scenario): void {
  const records = messageRecords(db);
  expect(records).toHaveLength(MESSAGE_COUNT);
  const uploaded = records.filter((record) => record.status === 'uploaded');
  const failed = records.filter((record) => record.status === 'failed');
  expect(uploaded.length + failed.length).toBe(MESSAGE_COUNT);

  expect(failed.map((record) => record.msgid).sort()).toEqual(
    [...(scenario.neverTaken ?? [])].sort(),
  );
  for (const record of failed) {
    expect(record.attempts).toBe(scenario.maxAttempts ?? MAX_ATTEMPTS);
    expect(record.last_error).toMatch(/^The SCRM listed this message in fail_id_list/);
  }

  // Nothing lost: the peer holds every uploaded message, exactly as stored.
  for (const record of uploaded) expect(peer.held.get(record.msgid)).toBe(record.payload);
  const big = messages[Math.floor(MESSAGE_COUNT / 2)]!.msgid;
  expect(peer.held.get(big)).toContain(`"seq":${UINT64_MAX}`);
  // And holds nothing the store does not count as uploaded.
  expect(peer.held.size).toBe(uploaded.length);

  // Copies only where the peer took a call whose reply the client never heard.
  const ambiguous = new Set(
    peer.pushes
      .filter((record) => record.fault && TAKEN_WITHOUT_REPLY.has(record.fault))
      .flatMap((record) => record.added),
  );
  for (const record of peer.pushes) {
    for (const msgid of record.duplicates) expect(ambiguous.has(msgid)).toBe(true);
  }
  expect(
    peer.pushes.filter((record) => record.problem && !/access_token/.test(record.problem)),
  ).toEqual([]);
}

describe('uploads through faults at the peer', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'survives %s',
    async (_, scenario) => {
      peer = await startPeerScrm({ rate: PEER_RATE, ...scenario.peer });
      let secondRun = Infinity;

      const first = await upload(scenario.maxAttempts);

      if (scenario.pauses) {
        expect(['paused-after-failures', 'stopped']).toContain(first.ending);
        expect(first.note).toMatch(/\.$/);
        expect(first.remaining).toBeGreaterThan(0);
        expect(messageRecords(db).filter((record) => record.status === 'failed')).toEqual([]);
        checkPacing();
        checkTokens();
        peer.setOptions({ pushFault: () => null, tokenFault: () => null, refuseEveryToken: false });
        secondRun = peer.pushes.length;
        const second = await upload(scenario.maxAttempts);
        expect(second).toMatchObject({ ending: 'done', remaining: 0 });
      } else {
        expect(first).toMatchObject({ ending: 'done', remaining: 0 });
        expect(
          peer.pushes.some((record) => record.fault !== null) ||
            peer.tokens.some((record) => record.fault !== null),
        ).toBe(true);
      }

      checkAgreement(scenario);
      checkPacing(secondRun);
      if (!scenario.pauses) checkTokens();
      summary.push({
        scenario: scenario.name,
        pushes: peer.pushes.length,
        faulted: peer.pushes.filter((record) => record.fault).length,
        maxPerWindow: maxInAnyWindow(
          peer.pushes.map((record) => record.arrivedAt),
          PEER_RATE.windowMs,
        ),
        duplicateMsgids: peer.pushes.reduce((sum, record) => sum + record.duplicates.length, 0),
        tokenCalls: peer.tokens.length,
        failed: messageRecords(db).filter((record) => record.status === 'failed').length,
      });
    },
    60_000,
  );

  it('stops a refused token after one fresh token, without a loop', async () => {
    peer = await startPeerScrm({ rate: PEER_RATE, refuseEveryToken: true });

    const result = await upload();

    expect(result.ending).toBe('stopped');
    expect(result.note).toMatch(/refused the access token/);
    expect(peer.tokens).toHaveLength(2);
    expect(peer.pushes).toHaveLength(2);
  });
});
