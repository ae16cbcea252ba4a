/**
 * The run loop against a real store in a temporary folder and the real sandbox on 127.0.0.1.
 * Time is virtual: the uploader and the sandbox share one clock that a wait moves forward at
 * once, so minutes of rate windows and backoff run in milliseconds and every instant is exact.
 */
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  maxInAnyWindow,
  messageRecords,
  statusCounts,
  storeWith,
  tempFolder,
  textExport,
  UINT64_MAX,
  type ExportMessage,
} from '../../../test/support/archive-store.js';
import type { BatchRow, UploadState } from '../../../shared/ipc/upload.js';
import type { Rate } from '../../../shared/settings.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/sandbox.js';
import { type QueuedMessage, UploadQueue } from '../store/upload-queue.js';
import { backoffDelay } from './backoff.js';
import { batchDocument } from './batch-document.js';
import { windowMs } from './rate-limiter.js';
import { createScrmTransport } from './scrm-transport.js';
import type { UploadTransport } from './upload-transport.js';
import {
  MAX_CONSECUTIVE_FAILURES,
  Uploader,
  type RunResult,
  type UploaderOptions,
} from './uploader.js';

const RATE: Rate = { calls: 10, windowSeconds: 60 };
/** Long enough that the virtual clock never outruns a token. */
const TOKEN_TTL_SECONDS = 10 * 365 * 86_400;
const JITTER = 0.5;

/** One clock for the uploader and the sandbox; waiting moves it forward at once. */
class VirtualClock {
  at = Date.now();
  /** While it says so, waits take real time: a paused run must not race the clock ahead. */
  holding: () => boolean = () => false;
  readonly now = () => this.at;
  readonly sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    if (this.holding() && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return;
    }
    if (ms > 0 && !signal.aborted) this.at += ms;
    await new Promise((resolve) => setImmediate(resolve));
  };
}

let folder: ReturnType<typeof tempFolder>;
let db: Database;
let sandbox: Sandbox;
/** Sandboxes this test started, for closing. */
const started: Sandbox[] = [];
let clock: VirtualClock;

beforeEach(() => {
  folder = tempFolder('uploader');
  clock = new VirtualClock();
});

afterEach(async () => {
  for (const each of started.splice(0)) await each.close();
  if (db?.open) db.close();
  folder.remove();
});

async function setUp(
  messages: readonly ExportMessage[],
  sandboxOptions: Partial<SandboxOptions> = {},
): Promise<void> {
  ({ db } = await storeWith(folder.dir, messages));
  sandbox = await startSandbox({
    rate: RATE,
    tokenTtlSeconds: TOKEN_TTL_SECONDS,
    now: clock.now,
    ...sandboxOptions,
  });
  started.push(sandbox);
}

interface Recorded {
  uploader: Uploader;
  /** Each state with the virtual moment it was announced at. */
  states: Array<UploadState & { at: number }>;
  batches: BatchRow[];
}

function uploader(options: Partial<UploaderOptions> = {}): Recorded {
  const states: Recorded['states'] = [];
  const batches: BatchRow[] = [];
  const made: Uploader = new Uploader({
    db,
    transport:
      options.transport ??
      createScrmTransport({
        credentials: sandbox.credentials,
        target: 'sandbox',
        timeoutMs: 2_000,
      }),
    rate: RATE,
    maxAttempts: 5,
    includeMedia: true,
    cutoff: null,
    now: clock.now,
    sleep: clock.sleep,
    random: () => JITTER,
    ...options,
    onState: (state) => {
      states.push({ ...state, at: clock.at });
      options.onState?.(state);
    },
    onBatch: (batch) => {
      batches.push(batch);
      options.onBatch?.(batch);
    },
  });
  clock.holding = () => made.snapshot.phase === 'paused';
  return { uploader: made, states, batches };
}

/** When each call left: the batches' send times (the call log forgets old calls at the end). */
function callTimes(): number[] {
  return db.prepare('SELECT sent_at FROM batches ORDER BY id').pluck().all() as number[];
}

/** Every call of the last two rate windows, a batch sent again included (the log is pruned). */
function recentCallTimes(): number[] {
  return db.prepare('SELECT at FROM call_log ORDER BY rowid').pluck().all() as number[];
}

function shuffled<T>(items: readonly T[]): T[] {
  // A fixed permutation: every seventh item, wrapping around (7 is prime to the sizes used).
  return items.map((_, index) => items[(index * 7) % items.length]!);
}

describe('Uploader against the sandbox', () => {
  it('sends batches of at most 1000 in msgtime order, full except the last', async () => {
    const messages = textExport(2_500);
    await setUp(shuffled(messages));
    const { uploader: run, batches } = uploader();

    const result = await run.run();

    expect(result).toMatchObject({ ending: 'done', calls: 3, uploaded: 2_500, failed: 0 });
    expect(batches.map((batch) => batch.size)).toEqual([1000, 1000, 500]);
    expect([...sandbox.accepted().keys()]).toEqual(messages.map((message) => message.msgid));
    expect(statusCounts(db)).toEqual({ uploaded: 2_500 });
    const big = messages[1_250]!.msgid;
    expect(sandbox.accepted().get(big)).toContain(`"seq":${UINT64_MAX}`);
    expect(sandbox.stats()).toMatchObject({ rateLimited: 0, duplicates: 0 });
  });

  it('keeps every batch under the byte cap', async () => {
    const messages = textExport(300, { contentBytes: 200 });
    await setUp(messages);
    const cap = 20_000;
    const { uploader: run, batches } = uploader({ maxBatchBytes: cap });

    const result = await run.run();

    expect(result.uploaded).toBe(300);
    expect(batches.length).toBeGreaterThan(3);
    for (const batch of batches) expect(batch.bytes).toBeLessThanOrEqual(cap);
    // Each batch is as full as the cap allows: the next message would not have fitted.
    const queued = db
      .prepare('SELECT id, msgid, payload, batch_id AS batchId FROM messages ORDER BY id')
      .all() as Array<QueuedMessage & { batchId: number }>;
    for (const batch of batches.slice(0, -1)) {
      const members = queued.filter((message) => message.batchId === batch.id);
      const next = queued[queued.indexOf(members.at(-1)!) + 1]!;
      expect(batchDocument(members).length).toBe(batch.bytes);
      expect(batchDocument([...members, next]).length).toBeGreaterThan(cap);
    }
  });

  it('waits for the rate window, says when the next call leaves, and never exceeds the limit', async () => {
    await setUp(textExport(500));
    const rate = { calls: 2, windowSeconds: 60 };
    const { uploader: run, states } = uploader({ rate, maxMessagesPerBatch: 100 });

    await run.run();

    const times = callTimes();
    expect(times).toHaveLength(5);
    expect(maxInAnyWindow(times, windowMs(rate))).toBe(2);
    // Two calls at once, then each pair a window after the pair before it.
    expect(times.map((at) => at - times[0]!)).toEqual([
      0,
      0,
      windowMs(rate),
      windowMs(rate),
      2 * windowMs(rate),
    ]);
    const waits = states.filter((state) => state.phase === 'waiting');
    expect(waits).toHaveLength(2);
    for (const wait of waits) {
      // The next call leaves the moment the call two before it leaves the window, as announced.
      expect(wait.nextCallAt).toBe(times[wait.calls - 2]! + windowMs(rate));
      expect(times[wait.calls]).toBe(wait.nextCallAt);
    }
    expect(sandbox.stats()).toMatchObject({ rateLimited: 0, maxCallsInAnyWindow: 2 });
  });

  it('reports done and total, speed and ETA as it goes', async () => {
    await setUp(textExport(500));
    const rate = { calls: 1, windowSeconds: 60 };
    const { uploader: run, states } = uploader({ rate, maxMessagesPerBatch: 100 });

    const result = await run.run();

    const first = states.find((state) => state.phase === 'running')!;
    expect(first).toMatchObject({ total: 500, uploaded: 0, remaining: 500, calls: 0 });
    // Five calls a window apart: the ETA at the start is four windows. Regression: the ETA
    // counted calls of 1000 messages whatever size the batches really had.
    expect(first.etaSeconds).toBe(Math.round((4 * windowMs(rate)) / 1000));
    const uploaded = states.map((state) => state.uploaded);
    expect(uploaded).toEqual([...uploaded].sort((a, b) => a - b));
    for (const state of states) expect(state.uploaded + state.remaining).toBeLessThanOrEqual(500);
    const waiting = states.filter((state) => state.phase === 'waiting');
    expect(waiting.length).toBe(4);
    for (const state of waiting) {
      // The wait for the next call, then a window for each call after it.
      const callsLeft = Math.ceil(state.remaining / 100);
      expect(state.etaSeconds).toBe(
        Math.round((state.nextCallAt! - state.at + (callsLeft - 1) * windowMs(rate)) / 1000),
      );
    }
    // A hundred messages a window (61.2 s) is about 98 a minute.
    const last = states.at(-1)!;
    expect(last).toMatchObject({ phase: 'idle', uploaded: 500, remaining: 0, etaSeconds: null });
    expect(last.messagesPerMinute).toBeGreaterThan(90);
    expect(last.messagesPerMinute).toBeLessThan(130);
    expect(result).toMatchObject({ calls: 5, uploaded: 500, remaining: 0 });
  });

  it('stops after maxCalls calls and leaves the rest queued', async () => {
    await setUp(textExport(500));
    const { uploader: run } = uploader({ maxCalls: 2, maxMessagesPerBatch: 100 });

    const result = await run.run();

    expect(result).toMatchObject({ ending: 'call-limit', calls: 2, uploaded: 200, remaining: 300 });
    expect(statusCounts(db)).toEqual({ uploaded: 200, ready: 300 });
  });

  it('pauses between calls, makes none while paused, and carries on when resumed', async () => {
    await setUp(textExport(500));
    let callsAtPause = -1;
    const recorded = uploader({
      maxMessagesPerBatch: 100,
      onBatch: (batch) => {
        if (batch.id !== 2) return;
        recorded.uploader.pause();
        callsAtPause = sandbox.stats().calls;
        setTimeout(() => {
          // Still paused a while later: nothing was sent meanwhile.
          expect(sandbox.stats().calls).toBe(callsAtPause);
          recorded.uploader.resume();
        }, 50);
      },
    });

    const result = await recorded.uploader.run();

    expect(callsAtPause).toBe(2);
    expect(recorded.states.some((state) => state.phase === 'paused')).toBe(true);
    expect(result).toMatchObject({ ending: 'done', uploaded: 500, calls: 5 });
  });

  it('cancels after settling the call in flight, leaving nothing half-sent', async () => {
    await setUp(textExport(500));
    const recorded = uploader({
      maxMessagesPerBatch: 100,
      onState: (state) => {
        // The second call has just been written as sending and is about to leave.
        if (state.calls === 2 && state.phase === 'running') recorded.uploader.cancel();
      },
    });

    const result = await recorded.uploader.run();

    expect(result).toMatchObject({ ending: 'cancelled', calls: 2, uploaded: 200, remaining: 300 });
    expect(new UploadQueue(db).unsettled()).toEqual([]);
    expect(statusCounts(db)).toEqual({ uploaded: 200, ready: 300 });
  });

  it('backs off after failures and pauses the run after several in a row, the messages still queued', async () => {
    await setUp(textExport(300), { faults: { dropConnection: { probability: 1 } } });
    const { uploader: run } = uploader({ maxAttempts: 10, maxMessagesPerBatch: 100 });

    const result = await run.run();

    expect(result.ending).toBe('paused-after-failures');
    expect(result.note).toMatch(
      new RegExp(`^The upload stopped after ${MAX_CONSECUTIVE_FAILURES} unsuccessful calls`),
    );
    expect(result.calls).toBe(MAX_CONSECUTIVE_FAILURES);
    const times = recentCallTimes();
    const gaps = times.slice(1).map((at, index) => at - times[index]!);
    expect(gaps).toEqual([1, 2, 3, 4].map((failures) => backoffDelay(failures, () => JITTER)));
    expect(statusCounts(db)).toEqual({ ready: 300 });

    sandbox.setFaults({});
    const again = await uploader({ maxAttempts: 10, maxMessagesPerBatch: 100 }).uploader.run();

    expect(again).toMatchObject({ ending: 'done', uploaded: 300 });
    expect(statusCounts(db)).toEqual({ uploaded: 300 });
  });

  it('answers a refused token with one refresh, then stops with a sentence instead of looping', async () => {
    await setUp(textExport(300), { faults: { expiredToken: { probability: 1 } } });
    const { uploader: run } = uploader({ maxMessagesPerBatch: 100 });

    const result = await run.run();

    // Regression: it used to fetch a second fresh token and send a third time.
    expect(result.ending).toBe('stopped');
    expect(result.note).toMatch(/refused the access token 2 times in a row.*clientId/);
    expect(sandbox.stats()).toMatchObject({ tokenCalls: 2, calls: 2 });
    // The refused batch went back to the queue for the next run; no message was charged an attempt.
    expect(statusCounts(db)).toEqual({ ready: 300 });
    expect(messageRecords(db).every((message) => message.attempts === 0)).toBe(true);

    sandbox.setFaults({});
    const again = await uploader({ maxMessagesPerBatch: 100 }).uploader.run();

    expect(again).toMatchObject({ ending: 'done', uploaded: 300 });
    expect(sandbox.stats()).toMatchObject({ messagesAccepted: 300, duplicates: 0 });
  });

  it('charges no attempt for a rate-limit refusal or an expired token, and delivers everything', async () => {
    // The sandbox allows half of what the uploader believes, so it refuses now and then.
    await setUp(textExport(600), {
      rate: { calls: 5, windowSeconds: 60 },
      faults: { expiredToken: { count: 1 } },
    });
    const { uploader: run } = uploader({ maxMessagesPerBatch: 100 });

    const result = await run.run();

    expect(result).toMatchObject({ ending: 'done', uploaded: 600, failed: 0 });
    expect(sandbox.stats().rateLimited).toBeGreaterThan(0);
    expect(sandbox.stats().tokenCalls).toBe(2);
    expect(messageRecords(db).every((message) => message.attempts === 0)).toBe(true);
    expect(sandbox.stats().duplicates).toBe(0);
  });

  it('retries fail_id_list messages and fails them after maxAttempts with the reason', async () => {
    await setUp(textExport(400), {
      faults: { partialFailure: { probability: 1, fraction: 0.05 } },
    });
    const { uploader: run } = uploader({ maxAttempts: 2, maxMessagesPerBatch: 100 });

    const result: RunResult = await run.run();

    const records = messageRecords(db);
    const failed = records.filter((record) => record.status === 'failed');
    expect(result.failed).toBe(failed.length);
    expect(failed.length).toBeGreaterThan(0);
    for (const record of failed) {
      expect(record.attempts).toBe(2);
      expect(record.last_error).toMatch(/fail_id_list/);
      expect(sandbox.accepted().has(record.msgid)).toBe(false);
    }
    for (const record of records.filter((r) => r.status === 'uploaded'))
      expect(sandbox.accepted().has(record.msgid)).toBe(true);
    expect(failed.length + result.uploaded).toBe(400);
    expect(result.note).toBe(`${failed.length} messages failed; see Failed to retry them.`);
  });
});

describe('Uploader and the server’s count of arrivals', () => {
  /**
   * A transport whose requests take virtual time to travel: the server counts each call when
   * it has fully arrived, `travelMs(call)` after it left, and answers at once.
   */
  function travelling(travelMs: (call: number) => number): {
    transport: UploadTransport;
    arrivals: number[];
  } {
    const arrivals: number[] = [];
    return {
      arrivals,
      transport: {
        target: 'sandbox',
        baseUrl: 'http://127.0.0.1:9',
        clientId: 'travel',
        prepare: async () => {},
        invalidateToken: () => {},
        send: async () => {
          clock.at += travelMs(arrivals.length + 1);
          arrivals.push(clock.at);
          return { kind: 'accepted', code: 0, msg: 'ok', failIds: [] };
        },
      },
    };
  }

  it('lets no call arrive inside the window of a call that travelled longer than the margin', async () => {
    // Regression: the window was measured from when a call left, so a first batch that took
    // 5 s to upload let the eleventh call arrive 56 s after it: 11 calls in one minute.
    ({ db } = await storeWith(folder.dir, textExport(1_500)));
    const { transport, arrivals } = travelling((call) => (call === 1 ? 5_000 : 10));

    await uploader({ transport, maxMessagesPerBatch: 100 }).uploader.run();

    expect(arrivals).toHaveLength(15);
    expect(maxInAnyWindow(arrivals, RATE.windowSeconds * 1000)).toBe(RATE.calls);
  });

  it('counts a call a crash left in flight as made when the process starts again', async () => {
    ({ db } = await storeWith(folder.dir, textExport(200)));
    const rate = { calls: 1, windowSeconds: 60 };
    const queue = new UploadQueue(db);
    const left = queue.nextBatch({ maxMessages: 100, maxBytes: 1e6, includeMedia: true });
    const crashedAt = clock.at;
    queue.open(null, left, batchDocument(left).length, crashedAt);
    clock.at += 30_000;
    const restartedAt = clock.at;
    const { transport, arrivals } = travelling(() => 0);

    await uploader({ transport, rate, maxMessagesPerBatch: 100 }).uploader.run();

    // The lost call may have arrived just before the crash: the resend waits a full window
    // from the restart, not from when the lost call left.
    expect(arrivals).toEqual([restartedAt + windowMs(rate), restartedAt + 2 * windowMs(rate)]);
    expect(arrivals[0]! - crashedAt).toBeGreaterThan(windowMs(rate));
  });
});
