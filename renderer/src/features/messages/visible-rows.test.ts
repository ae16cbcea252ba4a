import { describe, expect, it } from 'vitest';

import { visibleRows } from './visible-rows';

describe('visibleRows', () => {
  it('covers the viewport and the overscan on both sides', () => {
    const rows = visibleRows({
      count: 1_000_000,
      rowHeight: 32,
      offset: 320_000,
      viewport: 320,
      overscan: 2,
    });
    expect(rows[0]).toMatchObject({ index: 9_998, start: 319_936 });
    expect(rows.at(-1)).toMatchObject({ index: 10_012, start: 320_384 });
  });

  it('stops at both ends of the table', () => {
    expect(
      visibleRows({ count: 5, rowHeight: 32, offset: 0, viewport: 1000, overscan: 8 }).map(
        (row) => row.index,
      ),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(
      visibleRows({ count: 100, rowHeight: 32, offset: 3200, viewport: 320, overscan: 3 }).map(
        (row) => row.index,
      ),
    ).toEqual([97, 98, 99]);
  });

  it('returns nothing for an empty table', () => {
    expect(visibleRows({ count: 0, rowHeight: 32, offset: 0, viewport: 320, overscan: 8 })).toEqual(
      [],
    );
  });

  it('costs the same for a million rows as for ten', () => {
    expect(
      visibleRows({ count: 1_000_000, rowHeight: 32, offset: 0, viewport: 640, overscan: 8 }),
    ).toHaveLength(29);
  });

  it('gives visible rows distinct slots that stay with each row as the table scrolls', () => {
    for (const viewport of [0, 31, 32, 33, 500, 777, 1080]) {
      const slotOf = new Map<number, number>();
      for (let offset = 0; offset < 5_000; offset += 7.3) {
        const rows = visibleRows({ count: 10_000, rowHeight: 32, offset, viewport, overscan: 8 });
        expect(new Set(rows.map((row) => row.slot)).size).toBe(rows.length);
        for (const row of rows) {
          expect(slotOf.get(row.index) ?? row.slot).toBe(row.slot);
          slotOf.set(row.index, row.slot);
        }
      }
    }
  });
});
