/**
 * Where earlier pages of one filtered, ordered view ended, so that the next page starts from a
 * key instead of an OFFSET. SQLite reaches OFFSET n by stepping over n rows: a table scrolled
 * 900,000 rows deep cost a quarter of a second per page, on the process that serves the
 * window. From an anchor the next page is an index seek.
 *
 * An anchor is exact only while the view's rows are unchanged, so anchors are kept per view and
 * per state of the store: `stamp` changes whenever any connection commits a change.
 */

/** Anchors kept for the current view; a long scroll leaves one per page. */
const MAX_ANCHORS = 2_000;

export interface Anchor {
  /** Position of the row in the view. */
  index: number;
  /** Its value in the view's order column (unique: a message id or its search rowid). */
  key: number;
}

export class PageAnchors {
  private view = '';
  private stamp = '';
  private readonly byIndex = new Map<number, number>();

  /** Forgets every anchor unless the view and the store's state are the ones they came from. */
  use(view: string, stamp: string): void {
    if (view === this.view && stamp === this.stamp) return;
    this.view = view;
    this.stamp = stamp;
    this.byIndex.clear();
  }

  /** The anchor closest before `offset`, or null. */
  before(offset: number): Anchor | null {
    let best: Anchor | null = null;
    for (const [index, key] of this.byIndex) {
      if (index < offset && (!best || index > best.index)) best = { index, key };
    }
    return best;
  }

  remember(index: number, key: number): void {
    if (this.byIndex.size >= MAX_ANCHORS && !this.byIndex.has(index)) {
      const oldest = this.byIndex.keys().next().value;
      if (oldest !== undefined) this.byIndex.delete(oldest);
    }
    this.byIndex.set(index, key);
  }
}
