import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { installStubArchive, settle, type StubArchive } from '../../test/stub-archive';
import { pagedRows } from '../../test/rows';
import { createTableStore, PAGE_SIZE, TYPING_DEBOUNCE_MS } from './table-store';

let stub: StubArchive;

beforeEach(() => {
  stub = installStubArchive({
    'messages:query': pagedRows(1_000_000),
    'messages:count': () => ({ total: 1_000_000 }),
    'messages:facets': () => ({ total: 1_000_000, byType: { text: 1_000_000 }, byStatus: {} }),
    'messages:set-choice': () => ({ changed: 3 }),
  });
});

afterEach(() => {
  vi.useRealTimers();
});

type Query = { offset: number; limit: number; filter: object; order: string };

describe('createTableStore', () => {
  it('shows the first page before the count arrives, then the count', async () => {
    const counts: ((value: { total: number }) => void)[] = [];
    stub.set({ 'messages:count': () => new Promise((resolve) => counts.push(resolve)) });
    const store = createTableStore();
    store.getState().start();
    await settle();

    expect(store.getState().total).toBeNull();
    expect(store.getState().rowCount()).toBe(PAGE_SIZE);
    expect(store.getState().rowAt(0)?.msgid).toBe('msg-0');

    for (const release of counts) release({ total: 1_000_000 });
    await settle();
    expect(store.getState().total).toBe(1_000_000);
    expect(store.getState().rowCount()).toBe(1_000_000);
  });

  it('fetches the pages a range needs by offset, once each', async () => {
    const store = createTableStore();
    store.getState().start();
    await settle();
    const before = stub.callsTo('messages:query').length;

    store.getState().ensureRange(500_000, 500_030);
    await settle();
    store.getState().ensureRange(500_000, 500_030);
    await settle();

    const queries = stub.callsTo('messages:query').slice(before) as Query[];
    const offsets = queries.map((query) => query.offset).sort((a, b) => a - b);
    expect(offsets).toEqual([499_800, 500_000]);
    expect(queries.every((query) => query.limit === PAGE_SIZE)).toBe(true);
    expect(store.getState().rowAt(500_010)?.id).toBe(500_011);
  });

  it('learns the total from a short last page', async () => {
    stub.set({ 'messages:query': pagedRows(57), 'messages:count': () => new Promise(() => {}) });
    const store = createTableStore();
    store.getState().start();
    await settle();
    expect(store.getState().total).toBe(57);
  });

  it('ignores replies to a filter that has since changed', async () => {
    const pending: ((rows: { rows: never[] }) => void)[] = [];
    stub.set({
      'messages:query': () => new Promise((resolve) => pending.push(resolve)),
      'messages:count': () => new Promise(() => {}),
    });
    const store = createTableStore();
    store.getState().start();
    await settle();
    store.getState().setFilter({ statuses: ['failed'] });
    await settle();

    // An empty first page would mean "no rows at all" if it were taken for the new filter.
    pending[0]?.({ rows: [] });
    await settle();
    expect(store.getState().total).toBeNull();
    expect(store.getState().rowAt(0)).toBeUndefined();
  });

  it('waits for a pause in typing before searching', async () => {
    vi.useFakeTimers();
    const store = createTableStore();
    store.getState().start();
    await vi.advanceTimersByTimeAsync(10);
    const generation = store.getState().generation;

    store.getState().setFilter({ text: '合' });
    store.getState().setFilter({ text: '合同' });
    await vi.advanceTimersByTimeAsync(TYPING_DEBOUNCE_MS - 50);
    expect(store.getState().generation).toBe(generation);

    await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().generation).toBe(generation + 1);
    const last = stub.callsTo('messages:count').at(-1) as { filter: object };
    expect(last.filter).toEqual({ text: '合同' });
  });

  it('counts facets without their own dimension, under the fixed filter', async () => {
    const store = createTableStore({ statuses: ['failed'] });
    store.getState().start();
    await settle();
    store.getState().setFilter({ msgtypes: ['image'] });
    await settle();

    const facets = stub.callsTo('messages:facets').slice(-2) as { filter: object }[];
    expect(facets).toContainEqual({ filter: { statuses: ['failed'] } });
    expect(facets).toContainEqual({ filter: { msgtypes: ['image'], statuses: ['failed'] } });
  });

  it('selects by click, toggle and shift-range, fetching rows the range lacks', async () => {
    const store = createTableStore();
    store.getState().start();
    await settle();
    const actions = store.getState();

    actions.selectOnly(2);
    actions.toggle(4);
    expect(await store.getState().selectionRequest()).toEqual({ ids: [3, 5] });
    actions.toggle(4);
    expect(await store.getState().selectionRequest()).toEqual({ ids: [3] });

    await store.getState().selectRange(450);
    const request = await store.getState().selectionRequest();
    // The anchor is the last row toggled (index 4), so the range is rows 4..450.
    expect(request && 'ids' in request ? request.ids.length : 0).toBe(447);
    expect(store.getState().rowAt(449)).toBeDefined();
  });

  it('sends the whole filter when the whole result is selected', async () => {
    const store = createTableStore();
    store.getState().start();
    store.getState().setFilter({ msgtypes: ['text'] });
    await settle();
    store.getState().selectAllMatching();
    await store.getState().setChoice('exclude');

    expect(stub.callsTo('messages:set-choice')).toEqual([
      { selection: { filter: { msgtypes: ['text'] } }, choice: 'exclude' },
    ]);
    expect(store.getState().notice?.tone).toBe('ok');
  });

  it('refetches what is on screen after the store changed, keeping rows meanwhile', async () => {
    const store = createTableStore();
    store.getState().start();
    await settle();
    const before = stub.callsTo('messages:query').length;
    store.getState().invalidate();
    expect(store.getState().rowAt(0)).toBeDefined();
    await settle();
    expect(stub.callsTo('messages:query').length).toBeGreaterThan(before);
  });

  it('shows a failed page as a sentence', async () => {
    stub.set({ 'messages:query': { error: 'The store is locked by another import.' } });
    const store = createTableStore();
    store.getState().start();
    await settle();
    expect(store.getState().loadError).toBe('The store is locked by another import.');
  });
});
