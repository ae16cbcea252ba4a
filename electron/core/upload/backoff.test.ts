import { describe, expect, it } from 'vitest';

import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from './backoff.js';

/** The jitter's extremes: Math.random() is in [0, 1). */
const LOWEST = () => 0;
const HIGHEST = () => 0.999_999;

describe('backoffDelay', () => {
  it.each([0, -1, -100])('does not wait after %s failures', (failures) => {
    expect(backoffDelay(failures, HIGHEST)).toBe(0);
  });

  it.each<[number, number]>([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [4, 16_000],
    [5, 32_000],
    [6, 64_000],
    [7, 64_000],
    [50, 64_000],
    [10_000, 64_000],
  ])('after %s failures waits between half of %s ms and all of it', (failures, ceiling) => {
    expect(backoffDelay(failures, LOWEST)).toBe(ceiling / 2);
    expect(backoffDelay(failures, HIGHEST)).toBeLessThanOrEqual(ceiling);
    expect(backoffDelay(failures, HIGHEST)).toBeGreaterThan(ceiling * 0.99);
  });

  it('grows with every failure up to the cap: no wait is shorter than the longest before it', () => {
    // Regression: with a cap of 60 s the sixth wait could be 30 s after a fifth of 32 s.
    let steps = 0;
    for (let failures = 1; backoffDelay(failures, HIGHEST) < BACKOFF_CAP_MS - 1; failures += 1) {
      expect(backoffDelay(failures + 1, LOWEST)).toBeGreaterThanOrEqual(
        backoffDelay(failures, HIGHEST),
      );
      steps += 1;
    }
    expect(steps).toBe(5);
  });

  it('follows a policy given in place of the default', () => {
    const policy = { baseMs: 50, capMs: 400 };

    expect([1, 2, 3, 4, 5, 9].map((failures) => backoffDelay(failures, LOWEST, policy))).toEqual([
      25, 50, 100, 200, 200, 200,
    ]);
    expect(backoffDelay(9, HIGHEST, policy)).toBe(400);
  });

  it('never waits longer than the cap, nor less than half of it once there', () => {
    for (let failures = 1; failures <= 100; failures += 1) {
      for (const random of [LOWEST, HIGHEST, Math.random]) {
        const delay = backoffDelay(failures, random);
        expect(delay).toBeLessThanOrEqual(BACKOFF_CAP_MS);
        expect(delay).toBeGreaterThanOrEqual(Math.min(BACKOFF_BASE_MS, BACKOFF_CAP_MS) / 2);
      }
    }
  });

  it('spreads the waits of clients that failed together', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(3));
    const ceiling = BACKOFF_BASE_MS * 4;

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(ceiling / 2);
    expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling);
    // 200 draws from a uniform spread land in both the lower and the upper fifth.
    expect(Math.min(...delays)).toBeLessThan(ceiling * 0.6);
    expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.9);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
