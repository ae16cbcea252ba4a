import { describe, expect, it } from 'vitest';

import { PageCache } from './page-cache';

const rows = (page: number, size: number, count = size) =>
  Array.from({ length: count }, (_, i) => page * size + i);

describe('PageCache', () => {
  it('finds rows by absolute index once their page is in', () => {
    const cache = new PageCache<number>(10, 3);
    cache.put(2, rows(2, 10));
    expect(cache.rowAt(25)).toBe(25);
    expect(cache.rowAt(15)).toBeUndefined();
    expect(cache.pageOf(25)).toBe(2);
  });

  it('evicts the least recently used page when full', () => {
    const cache = new PageCache<number>(10, 3);
    cache.put(0, rows(0, 10));
    cache.put(1, rows(1, 10));
    cache.put(2, rows(2, 10));
    cache.touch(0);
    cache.put(3, rows(3, 10));
    expect(cache.has(0)).toBe(true);
    expect(cache.has(1)).toBe(false);
    expect(cache.size).toBe(3);
  });

  it('lists only the pages that a range needs and the cache lacks', () => {
    const cache = new PageCache<number>(10, 10);
    cache.put(1, rows(1, 10));
    expect(cache.pagesToFetch(5, 34)).toEqual([0, 2, 3]);
    expect(cache.pagesToFetch(10, 19)).toEqual([]);
    expect(cache.pagesToFetch(5, 4)).toEqual([]);
  });

  it('keeps stale rows readable while asking for them again', () => {
    const cache = new PageCache<number>(10, 10);
    cache.put(0, rows(0, 10));
    cache.markAllStale();
    expect(cache.rowAt(3)).toBe(3);
    expect(cache.pagesToFetch(0, 9)).toEqual([0]);
    cache.put(0, rows(0, 10));
    expect(cache.pagesToFetch(0, 9)).toEqual([]);
  });

  it('knows a lower bound of the length from what it holds', () => {
    const cache = new PageCache<number>(10, 10);
    expect(cache.knownLength()).toBe(0);
    cache.put(0, rows(0, 10));
    cache.put(3, rows(3, 10, 4));
    expect(cache.knownLength()).toBe(34);
  });
});
