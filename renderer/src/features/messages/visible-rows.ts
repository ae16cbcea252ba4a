/**
 * Which rows of a fixed-height table are near the viewport. Hand-written instead of a general
 * virtualizer: those keep a measurement object per row, a million objects (about 300 MB of
 * heap) for a million messages, and the garbage collector then paused the window for 100 ms and
 * more while scrolling (measured in the benchmark's figure 5). With rows of one height the
 * range is arithmetic and costs nothing per row.
 *
 * Each row also gets a slot: the table keys its row elements by slot, so a row scrolled out
 * hands its DOM nodes to the row scrolled in. Keyed by row index, every scrolled frame made a
 * dozen rows of fresh nodes and dropped as many, and collecting that garbage blocked the
 * window for 50-130 ms every few seconds of fast scrolling (figure 5 of the benchmark).
 */
export interface VisibleRow {
  index: number;
  /** Top of the row in virtual pixels (see scroll-scale.ts). */
  start: number;
  /** Stable for the row while the viewport keeps its size; no two visible rows share one. */
  slot: number;
}

/**
 * Exactly the most rows visibleRows returns for this viewport, so that no two of them share a
 * slot. The bound follows visibleRows' arithmetic: change one and the other must follow (the
 * tests check every offset).
 */
export function slotCount(viewport: number, rowHeight: number, overscan: number): number {
  return Math.floor(Math.max(viewport, rowHeight) / rowHeight) + 2 + 2 * overscan;
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
  const slots = slotCount(viewport, rowHeight, overscan);
  const rows: VisibleRow[] = [];
  for (let index = first; index <= last; index += 1)
    rows.push({ index, start: index * rowHeight, slot: index % slots });
  return rows;
}
