import { describe, expect, it } from 'vitest';

import {
  createScrollScale,
  MAX_SCROLL_PX,
  offsetToReveal,
  rowTop,
  wheelPixels,
  wheelTarget,
} from './scroll-scale';

const ROW = 32;
const VIEWPORT = 600;

describe('createScrollScale', () => {
  it('does not scale a table that fits', () => {
    const scale = createScrollScale(10_000 * ROW, VIEWPORT);
    expect(scale.ratio).toBe(1);
    expect(scale.realTotal).toBe(320_000);
    expect(scale.toVirtual(1234)).toBe(1234);
    expect(scale.toReal(1234)).toBe(1234);
  });

  it('keeps a million rows under the browser cap and reaches both ends', () => {
    const virtualTotal = 1_000_000 * ROW;
    const scale = createScrollScale(virtualTotal, VIEWPORT);
    expect(scale.realTotal).toBe(MAX_SCROLL_PX);
    expect(scale.realTotal).toBeLessThan(33_000_000);
    expect(scale.ratio).toBeGreaterThan(1);

    expect(scale.toVirtual(0)).toBe(0);
    expect(scale.toVirtual(MAX_SCROLL_PX - VIEWPORT)).toBeCloseTo(virtualTotal - VIEWPORT, 3);
    const middle = scale.toVirtual((MAX_SCROLL_PX - VIEWPORT) / 2);
    expect(middle).toBeCloseTo((virtualTotal - VIEWPORT) / 2, 3);
  });

  it('maps back and forth without drift', () => {
    const scale = createScrollScale(5_000_000 * ROW, VIEWPORT);
    for (const virtual of [0, 12_345, 80_000_000, 5_000_000 * ROW - VIEWPORT]) {
      expect(scale.toVirtual(scale.toReal(virtual))).toBeCloseTo(virtual, 3);
    }
  });

  it('clamps positions outside the scroll range', () => {
    const scale = createScrollScale(1_000_000 * ROW, VIEWPORT);
    expect(scale.toVirtual(-50)).toBe(0);
    expect(scale.toReal(1e12)).toBe(MAX_SCROLL_PX - VIEWPORT);
  });
});

describe('rowTop', () => {
  it('places neighbouring rows one row apart even when the scrollbar is scaled', () => {
    const scale = createScrollScale(1_000_000 * ROW, VIEWPORT);
    const virtualOffset = 16_000_000;
    const first = rowTop(500_000 * ROW, virtualOffset, scale);
    const next = rowTop(500_001 * ROW, virtualOffset, scale);
    expect(next - first).toBe(ROW);
    // The row at the current virtual offset sits at the top of the viewport.
    expect(rowTop(virtualOffset, virtualOffset, scale)).toBeCloseTo(scale.toReal(virtualOffset), 6);
  });

  it('is the plain position when nothing is scaled', () => {
    const scale = createScrollScale(100 * ROW, VIEWPORT);
    expect(rowTop(40 * ROW, 500, scale)).toBe(40 * ROW);
  });
});

describe('offsetToReveal', () => {
  it('scrolls the least needed to show a row', () => {
    expect(offsetToReveal(10, ROW, 0, VIEWPORT)).toBeNull();
    expect(offsetToReveal(0, ROW, 100, VIEWPORT)).toBe(0);
    expect(offsetToReveal(30, ROW, 0, VIEWPORT)).toBe(31 * ROW - VIEWPORT);
  });
});

describe('wheel scrolling of a scaled table', () => {
  const scale = createScrollScale(10_000_000 * ROW, VIEWPORT);

  it('moves the rows by the wheel distance, not by the scaled scrollbar distance', () => {
    const start = 160_000_000;
    expect(wheelTarget(start, 96, scale, VIEWPORT)).toBe(start + 96);
    expect(wheelTarget(start, -96, scale, VIEWPORT)).toBe(start - 96);
    // What the browser alone would do: 96 real pixels, many rows.
    expect(scale.toVirtual(scale.toReal(start) + 96) - start).toBeGreaterThan(96 * 10);
  });

  it('stops at both ends', () => {
    expect(wheelTarget(10, -500, scale, VIEWPORT)).toBe(0);
    expect(wheelTarget(scale.virtualTotal, 500, scale, VIEWPORT)).toBe(
      scale.virtualTotal - VIEWPORT,
    );
  });

  it('reads line and page deltas as rows and screens', () => {
    expect(wheelPixels(3, 0, ROW, VIEWPORT)).toBe(3);
    expect(wheelPixels(3, 1, ROW, VIEWPORT)).toBe(3 * ROW);
    expect(wheelPixels(1, 2, ROW, VIEWPORT)).toBe(VIEWPORT);
  });
});
