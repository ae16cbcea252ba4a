/**
 * Chromium will not make an element taller than about 33.5 million pixels (and other engines
 * stop sooner), so a million rows of 32 px cannot each get their own scroll position. Past a
 * safe height the table scrolls a shorter "real" space and maps positions proportionally to
 * the "virtual" space the row virtualizer works in: the top of the scrollbar is the first row,
 * the bottom is the last, and each pixel of scrollbar moves a few rows.
 */

/** Well under every engine's cap, with room for the rest of the page. */
export const MAX_SCROLL_PX = 10_000_000;

export interface ScrollScale {
  readonly virtualTotal: number;
  /** Height given to the scrolling element's content. */
  readonly realTotal: number;
  /** Virtual pixels per real pixel; 1 when no scaling is needed. */
  readonly ratio: number;
  toVirtual(realOffset: number): number;
  toReal(virtualOffset: number): number;
}

export function createScrollScale(
  virtualTotal: number,
  viewport: number,
  maxReal: number = MAX_SCROLL_PX,
): ScrollScale {
  if (virtualTotal <= maxReal || maxReal <= viewport) {
    return {
      virtualTotal,
      realTotal: virtualTotal,
      ratio: 1,
      toVirtual: (real) => real,
      toReal: (virtual) => virtual,
    };
  }

  // Map the scrollable ranges onto each other (not the totals), so that the real bottom lands
  // exactly on the virtual bottom and the last row can be reached.
  const ratio = (virtualTotal - viewport) / (maxReal - viewport);
  const virtualMax = virtualTotal - viewport;
  return {
    virtualTotal,
    realTotal: maxReal,
    ratio,
    toVirtual: (real) => Math.min(virtualMax, Math.max(0, real * ratio)),
    toReal: (virtual) => Math.min(maxReal - viewport, Math.max(0, virtual / ratio)),
  };
}

/**
 * Where a row's top goes inside the real content box. Rows near the viewport keep their
 * natural spacing relative to the current position, so they never overlap or leave gaps even
 * though the scrollbar moves faster than they do.
 */
export function rowTop(itemStart: number, virtualOffset: number, scale: ScrollScale): number {
  return scale.toReal(virtualOffset) + (itemStart - virtualOffset);
}

/**
 * The virtual offset that brings row `index` into view with the least movement, or null when it
 * is already fully visible.
 */
export function offsetToReveal(
  index: number,
  rowHeight: number,
  virtualOffset: number,
  viewport: number,
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < virtualOffset) return top;
  if (bottom > virtualOffset + viewport) return Math.max(0, bottom - viewport);
  return null;
}

/** Pixels one wheel "line" or "page" stands for, as `WheelEvent.deltaMode` 1 and 2 mean. */
export function wheelPixels(delta: number, deltaMode: number, rowHeight: number, viewport: number) {
  if (deltaMode === 1) return delta * rowHeight;
  if (deltaMode === 2) return delta * viewport;
  return delta;
}

/**
 * Where a wheel movement should take a scaled table, in virtual pixels. Left to the browser, a
 * wheel notch would move the real scrollbar and so many rows at once; mapped here it moves the
 * rows by the distance the operator's hand asked for, whatever the scale.
 */
export function wheelTarget(
  virtualOffset: number,
  deltaPixels: number,
  scale: ScrollScale,
  viewport: number,
): number {
  const max = Math.max(0, scale.virtualTotal - viewport);
  return Math.min(max, Math.max(0, virtualOffset + deltaPixels));
}
