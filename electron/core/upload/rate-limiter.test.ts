import path from 'node:path';

import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { maxInAnyWindow, tempFolder } from '../../../test/support/archive-store.js';
import type { Rate } from '../../../shared/settings.js';
import { CallLog } from '../store/call-log.js';
import { openDatabase } from '../store/database.js';
import { RateLimiter, windowMs } from './rate-limiter.js';

const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);

let folder: ReturnType<typeof tempFolder>;
let dbPath: string;
let db: Database;

beforeEach(() => {
  folder = tempFolder('rate-limiter');
  dbPath = path.join(folder.dir, 'store.db');
  db = openDatabase(dbPath);
});

afterEach(() => {
  if (db.open) db.close();
  folder.remove();
});

function limiter(rate: Rate): { limiter: RateLimiter; log: CallLog } {
  const log = new CallLog(db);
  return { limiter: new RateLimiter(log, rate), log };
}

/** A tiny deterministic generator, so that a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('windowMs', () => {
  it.each<[string, Rate, number]>([
    ['10 a minute: 0.5% of 60 s', { calls: 10, windowSeconds: 60 }, 60_300],
    ['10 a second: 0.5% of 1 s', { calls: 10, windowSeconds: 1 }, 1_005],
    ['a long window: the margin stops at 0.5 s', { calls: 5, windowSeconds: 600 }, 600_500],
    ['a tenth of a second', { calls: 1, windowSeconds: 0.1 }, 100.5],
  ])('widens the window by the safety margin for %s', (_, rate, expected) => {
    expect(windowMs(rate)).toBe(expected);
  });
});

describe('RateLimiter', () => {
  it.each<[string, Rate]>([
    ['10 calls a minute', { calls: 10, windowSeconds: 60 }],
    ['10 calls a second', { calls: 10, windowSeconds: 1 }],
    ['1 call a second', { calls: 1, windowSeconds: 1 }],
    ['3 calls in 7.5 s', { calls: 3, windowSeconds: 7.5 }],
  ])('never lets more than the limit leave in any window, margin included, at %s', (_, rate) => {
    const { limiter: gate, log } = limiter(rate);
    const random = seeded(rate.calls * 1000 + rate.windowSeconds);
    const sent: number[] = [];
    let now = T0;
    for (let call = 0; call < 200; call += 1) {
      // Callers come at uneven moments: sometimes eager, sometimes late.
      now += random() < 0.5 ? 0 : Math.floor(random() * windowMs(rate));
      now = Math.max(now, gate.nextAllowedAt(now));
      log.record(now);
      sent.push(now);
    }

    expect(maxInAnyWindow(sent, windowMs(rate))).toBeLessThanOrEqual(rate.calls);
    // And the limiter is not needlessly slow: somewhere the window was full.
    expect(maxInAnyWindow(sent, windowMs(rate))).toBe(rate.calls);
  });

  it.each<[string, number[], number]>([
    ['no calls yet', [], T0],
    ['fewer calls than the limit', [T0 - 5_000, T0 - 1_000], T0],
    [
      'a full window: when the oldest leaves',
      [T0 - 3_000, T0 - 2_000, T0 - 1_000],
      T0 - 3_000 + 60_300,
    ],
    [
      'calls in the same millisecond',
      [T0 - 2_000, T0 - 2_000, T0 - 2_000, T0 - 1],
      T0 - 2_000 + 60_300,
    ],
    ['older calls outside the window', [T0 - 90_000, T0 - 80_000, T0 - 100, T0 - 50], T0],
    [
      'more calls than the limit (another copy sent too)',
      [T0 - 40, T0 - 30, T0 - 20, T0 - 10],
      T0 - 30 + 60_300,
    ],
  ])('names the first instant a call may leave: %s', (_, calls, expected) => {
    const { limiter: gate, log } = limiter({ calls: 3, windowSeconds: 60 });
    for (const at of calls) log.record(at);

    const next = gate.nextAllowedAt(T0);

    expect(next).toBe(expected);
    expect(gate.callsInWindow(next)).toBeLessThan(3);
    if (next > T0) expect(gate.callsInWindow(next - 1)).toBeGreaterThanOrEqual(3);
  });

  it('nextAllowedAt names the first instant a call may leave, not one ms later', () => {
    // Regression: it used to answer one millisecond past the moment the oldest call left.
    const { limiter: gate, log } = limiter({ calls: 1, windowSeconds: 1 });
    log.record(T0);

    expect(gate.nextAllowedAt(T0)).toBe(T0 + windowMs({ calls: 1, windowSeconds: 1 }));
    expect(gate.callsInWindow(T0 + 1_005)).toBe(0);
    expect(gate.callsInWindow(T0 + 1_004)).toBe(1);
  });

  it('keeps its window across a restart, because the calls are in the store', () => {
    const rate = { calls: 10, windowSeconds: 60 };
    const { log } = limiter(rate);
    for (let call = 0; call < 10; call += 1) log.record(T0 + call * 1_000);
    db.close();

    db = openDatabase(dbPath);
    const { limiter: reopened } = limiter(rate);

    expect(reopened.callsInWindow(T0 + 10_000)).toBe(10);
    expect(reopened.nextAllowedAt(T0 + 10_000)).toBe(T0 + windowMs(rate));
  });

  it('forgets calls older than two windows and keeps the ones that still count', () => {
    const rate = { calls: 2, windowSeconds: 10 };
    const { limiter: gate, log } = limiter(rate);
    const width = windowMs(rate);
    for (const at of [T0 - 3 * width, T0 - 2 * width, T0 - width + 5, T0 - 1]) log.record(at);

    gate.prune(T0);

    expect(log.since(0)).toEqual([T0 - width + 5, T0 - 1]);
    expect(gate.nextAllowedAt(T0)).toBe(T0 + 5);
  });

  it('follows a changed rate at once', () => {
    const { limiter: gate, log } = limiter({ calls: 1, windowSeconds: 60 });
    log.record(T0);
    expect(gate.nextAllowedAt(T0 + 1)).toBe(T0 + 60_300);

    gate.setRate({ calls: 2, windowSeconds: 60 });

    expect(gate.nextAllowedAt(T0 + 1)).toBe(T0 + 1);
    expect(gate.currentRate).toEqual({ calls: 2, windowSeconds: 60 });
  });
});
