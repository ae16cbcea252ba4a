import { describe, expect, it } from 'vitest';

import { secondsUntil, waitProgress } from './countdown';

describe('secondsUntil', () => {
  const now = 1_700_000_000_000;

  it.each([
    [null, null],
    [now + 23_000, 23],
    [now + 22_001, 23],
    [now + 999, 1],
    [now, 0],
    [now - 5_000, 0],
  ])('next call at %s → %s s', (at, seconds) => {
    expect(secondsUntil(at, now)).toBe(seconds);
  });

  it('counts down as the clock moves between state events', () => {
    const at = now + 10_000;
    const shown = [0, 2_500, 5_000, 9_500, 10_000].map((elapsed) =>
      secondsUntil(at, now + elapsed),
    );
    expect(shown).toEqual([10, 8, 5, 1, 0]);
  });
});

describe('waitProgress', () => {
  it('goes from 0 to 1 over the rate window', () => {
    const now = 0;
    expect(waitProgress(60_000, now, 60)).toBe(0);
    expect(waitProgress(30_000, now, 60)).toBe(0.5);
    expect(waitProgress(0, now, 60)).toBe(1);
    expect(waitProgress(null, now, 60)).toBeNull();
  });
});
