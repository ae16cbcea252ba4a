/**
 * Pages of table rows fetched by offset, kept in least-recently-used order. A million-row store
 * cannot live in the window, but the rows near the viewport can: scrolling back a little finds
 * its rows here, and a long jump evicts the pages furthest in the past.
 */
export class PageCache<Row> {
  /** Map iteration order is insertion order, so re-inserting a page makes it the newest. */
  private readonly pages = new Map<number, { rows: Row[]; stale: boolean }>();

  constructor(
    readonly pageSize: number,
    readonly maxPages: number,
  ) {
    if (pageSize < 1 || maxPages < 1) throw new Error('page size and capacity must be positive');
  }

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** The row at an absolute index, stale or fresh, or undefined while its page is not here. */
  rowAt(index: number): Row | undefined {
    const page = this.pages.get(this.pageOf(index));
    return page?.rows[index % this.pageSize];
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** True when the page is missing or was marked stale and should be fetched again. */
  needsFetch(page: number): boolean {
    const entry = this.pages.get(page);
    return !entry || entry.stale;
  }

  put(page: number, rows: Row[]): void {
    this.pages.delete(page);
    this.pages.set(page, { rows, stale: false });
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }

  /** Marks a page as just used so that eviction spares it. */
  touch(page: number): void {
    const entry = this.pages.get(page);
    if (!entry) return;
    this.pages.delete(page);
    this.pages.set(page, entry);
  }

  /**
   * Keeps rows on screen while they are fetched again (after an import or an upload changed
   * the store): the table shows the old status for a moment instead of flashing placeholders.
   */
  markAllStale(): void {
    for (const entry of this.pages.values()) entry.stale = true;
  }

  clear(): void {
    this.pages.clear();
  }

  get size(): number {
    return this.pages.size;
  }

  /** Pages that cover rows [first, last] and need fetching, nearest to `first` first. */
  pagesToFetch(first: number, last: number): number[] {
    if (last < first) return [];
    const out: number[] = [];
    for (let page = this.pageOf(first); page <= this.pageOf(last); page++) {
      if (this.needsFetch(page)) out.push(page);
    }
    return out;
  }

  /** The highest row index held plus one: a lower bound on the total before it is counted. */
  knownLength(): number {
    let length = 0;
    for (const [page, entry] of this.pages) {
      length = Math.max(length, page * this.pageSize + entry.rows.length);
    }
    return length;
  }
}
