/**
 * Which rows of a fixed-height table are near the viewport. Hand-written instead of a general
 * virtualizer: those keep a measurement object per row, a million objects (about 300 MB of
 * heap) for a million messages, and the garbage collector then paused the window for 100 ms and
 * more while scrolling (measured in the benchmark's figure 5). With rows of one height the
 * range is arithmetic and costs nothing per row.
 */
export interface VisibleRow {
  index: number;
  /** Top of the row in virtual pixels (see scroll-scale.ts). */
  start: number;
}

export function visibleRows(input: {
  count: number;
  rowHeight: number;
  /** Scroll position in virtual pixels. */
  offset: number;
  viewport: number;
  overscan: number;
}): VisibleRow[] {
  const { count, rowHeight, offset, viewport, overscan } = input;
  if (count <= 0 || rowHeight <= 0) return [];
  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(
    count - 1,
    Math.floor((offset + Math.max(viewport, rowHeight)) / rowHeight) + overscan,
  );
  const rows: VisibleRow[] = [];
  for (let index = first; index <= last; index += 1) rows.push({ index, start: index * rowHeight });
  return rows;
}
