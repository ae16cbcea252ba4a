import { describe, expect, it } from 'vitest';

import { SlidingWindow } from './sliding-window.js';

describe('SlidingWindow', () => {
  it.each<[string, number[], number, number]>([
    ['counts events inside the window', [0, 10, 20], 30, 3],
    ['drops an event exactly one window old', [0, 10, 20], 60, 2],
    ['keeps an event a millisecond younger than the window', [1, 10], 60, 2],
    ['is empty after a quiet window', [0, 10, 20], 80, 0],
  ])('%s', (_, events, at, expected) => {
    const window = new SlidingWindow(60);
    for (const time of events) window.add(time);
    expect(window.count(at)).toBe(expected);
  });

  it('says when the oldest event leaves', () => {
    const window = new SlidingWindow(60_000);
    expect(window.msUntilOldestLeaves(0)).toBe(0);
    window.add(1_000);
    window.add(5_000);
    expect(window.msUntilOldestLeaves(20_000)).toBe(41_000);
  });

  it('stays correct over many events', () => {
    const window = new SlidingWindow(100);
    for (let time = 0; time < 5_000; time += 1) window.add(time);
    expect(window.count(4_999)).toBe(100);
  });
});
