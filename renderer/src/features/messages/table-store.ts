/**
 * The state behind one message table: filters, the page cache, the count, facet counts,
 * selection and the detail pane. The Messages screen and the Failed screen each make one with
 * `createTableStore`; the Failed screen fixes the status to `failed`.
 *
 * Rows live in a mutable page cache outside the zustand state (a million rows would make every
 * update copy too much); `version` changes whenever rows arrive so that the table re-renders.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

import type {
  MessageDetail,
  MessageFilter,
  MessageRow,
  Selection as SelectionRequest,
} from '../../../../shared/ipc/messages';
import { call } from '../../ipc/client';
import { countNow, tNow } from '../../i18n/i18n';
import { EMPTY_FILTER, facetFilter, toMessageFilter, type FilterState } from './filter-state';
import { PageCache } from './page-cache';

/** About one screenful of a large window times four: few requests, small replies. */
export const PAGE_SIZE = 200;
/** 40 pages × 200 rows = 8 000 rows kept: generous for scrolling back, small in memory. */
const MAX_PAGES = 40;
/** Two requests at a time keep the main process responsive while the scrollbar is dragged. */
const MAX_IN_FLIGHT = 2;
/** Typing in a text box waits this long before the table is fetched again. */
export const TYPING_DEBOUNCE_MS = 300;
/** The contract accepts at most this many ids in one request. */
export const MAX_IDS = 10_000;
/** A page that failed is not asked for again sooner than this, so errors do not loop. */
const RETRY_AFTER_MS = 2_000;

export type TableSelection = { kind: 'ids'; ids: ReadonlySet<number> } | { kind: 'filter' };

export interface Notice {
  tone: 'ok' | 'error';
  text: string;
}

export interface DetailState {
  id: number;
  data: MessageDetail | null;
  error: string | null;
}

export type Choice = 'include' | 'exclude' | 'default';
export type Order = 'newest' | 'oldest';

export interface TableState {
  filter: FilterState;
  /** The filter the rows were fetched with; text boxes reach it after a pause in typing. */
  applied: MessageFilter;
  order: Order;
  /** Changes whenever the rows' meaning changes (filter or order), so old replies are ignored. */
  generation: number;
  /** Rows matching the filter, or null until counted. */
  total: number | null;
  /** Messages in the store (under the screen's fixed filter), to tell "empty" from "no match". */
  storeTotal: number | null;
  version: number;
  loadError: string | null;
  typeCounts: Record<string, number> | null;
  statusCounts: Record<string, number> | null;
  selection: TableSelection;
  /** Where a shift-click range starts. */
  anchor: number | null;
  /** The row with keyboard focus. */
  active: number | null;
  detail: DetailState | null;
  suggestions: { sender: string[]; room: string[] };
  notice: Notice | null;
  busy: boolean;

  start(): void;
  setFilter(patch: Partial<FilterState>): void;
  clearFilters(): void;
  setOrder(order: Order): void;
  ensureRange(first: number, last: number): void;
  rowAt(index: number): MessageRow | undefined;
  rowCount(): number;
  setActive(index: number | null): void;
  selectOnly(index: number): void;
  toggle(index: number): void;
  selectRange(index: number): Promise<void>;
  selectAllMatching(): void;
  clearSelection(): void;
  selectedCount(): number;
  isSelected(index: number): boolean;
  /** The selection as the contract names it, or null when it is empty or too large. */
  selectionRequest(): Promise<SelectionRequest | null>;
  openDetail(index: number): Promise<void>;
  closeDetail(): void;
  setChoice(choice: Choice): Promise<void>;
  suggest(field: 'sender' | 'room', prefix: string): Promise<void>;
  invalidate(): void;
  setNotice(notice: Notice | null): void;
  reset(): void;
}

export type TableStore = StoreApi<TableState>;

const NO_SELECTION: TableSelection = { kind: 'ids', ids: new Set() };

export function createTableStore(fixed: Partial<MessageFilter> = {}): TableStore {
  const cache = new PageCache<MessageRow>(PAGE_SIZE, MAX_PAGES);
  const inFlight = new Set<number>();
  const failedAt = new Map<number, number>();
  let wanted: number[] = [];
  let lastRange: [number, number] = [0, PAGE_SIZE - 1];
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let started = false;

  const initial = {
    filter: EMPTY_FILTER,
    applied: toMessageFilter(EMPTY_FILTER, fixed),
    order: 'newest' as Order,
    generation: 0,
    total: null,
    storeTotal: null,
    version: 0,
    loadError: null,
    typeCounts: null,
    statusCounts: null,
    selection: NO_SELECTION,
    anchor: null,
    active: null,
    detail: null,
    suggestions: { sender: [], room: [] },
    notice: null,
    busy: false,
  };

  return createStore<TableState>()((set, get) => {
    function pump(): void {
      const { generation, applied, order } = get();
      while (inFlight.size < MAX_IN_FLIGHT) {
        const now = Date.now();
        const page = wanted.find(
          (candidate) =>
            cache.needsFetch(candidate) &&
            !inFlight.has(candidate) &&
            now - (failedAt.get(candidate) ?? 0) > RETRY_AFTER_MS,
        );
        if (page === undefined) return;
        inFlight.add(page);
        void fetchPage(page, generation, applied, order);
      }
    }

    async function fetchPage(
      page: number,
      generation: number,
      filter: MessageFilter,
      order: Order,
    ): Promise<void> {
      const result = await call('messages:query', {
        filter,
        order,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      inFlight.delete(page);
      if (get().generation !== generation) {
        pump();
        return;
      }

      if (result.ok) {
        failedAt.delete(page);
        cache.put(page, result.value.rows);
        const patch: Partial<TableState> = { version: get().version + 1, loadError: null };
        // A short page ends the result: the total is known before the count arrives.
        if (result.value.rows.length < PAGE_SIZE && get().total === null) {
          patch.total = page * PAGE_SIZE + result.value.rows.length;
        }
        set(patch);
      } else {
        failedAt.set(page, Date.now());
        set({ loadError: result.message });
      }
      pump();
    }

    async function fetchCounts(): Promise<void> {
      const { generation, applied } = get();
      const count = await call('messages:count', { filter: applied });
      if (get().generation !== generation) return;
      if (count.ok) set({ total: count.value.total });
      else set({ loadError: count.message });

      const [types, statuses] = await Promise.all([
        call('messages:facets', { filter: facetFilter(applied, 'msgtypes', fixed) }),
        call('messages:facets', { filter: facetFilter(applied, 'statuses', fixed) }),
      ]);
      if (get().generation !== generation) return;
      set({
        typeCounts: types.ok ? types.value.byType : get().typeCounts,
        statusCounts: statuses.ok ? statuses.value.byStatus : get().statusCounts,
      });
    }

    async function fetchStoreTotal(): Promise<void> {
      const count = await call('messages:count', { filter: { ...fixed } });
      if (count.ok) set({ storeTotal: count.value.total });
    }

    function apply(): void {
      const applied = toMessageFilter(get().filter, fixed);
      if (JSON.stringify(applied) === JSON.stringify(get().applied) && get().generation > 0) return;
      restart({ applied });
    }

    /** Starts over: new generation, empty cache, nothing selected, counts asked again. */
    function restart(patch: Partial<TableState>): void {
      cache.clear();
      inFlight.clear();
      failedAt.clear();
      set({
        ...patch,
        generation: get().generation + 1,
        total: null,
        typeCounts: null,
        statusCounts: null,
        loadError: null,
        selection: NO_SELECTION,
        anchor: null,
        active: null,
        version: get().version + 1,
      });
      wanted = pagesAround(0, PAGE_SIZE - 1);
      pump();
      void fetchCounts();
    }

    function pagesAround(first: number, last: number): number[] {
      return cache.pagesToFetch(Math.max(0, first), Math.max(first, last));
    }

    async function loadDetail(id: number): Promise<void> {
      const result = await call('messages:detail', { id });
      if (get().detail?.id !== id) return;
      set({
        detail: result.ok
          ? { id, data: result.value, error: null }
          : { id, data: get().detail?.data ?? null, error: result.message },
      });
    }

    function idAt(index: number): number | undefined {
      return cache.rowAt(index)?.id;
    }

    /** The ids of rows [first, last], fetching pages the cache does not hold. */
    async function idsBetween(first: number, last: number): Promise<number[] | null> {
      const { generation, applied, order } = get();
      for (let page = cache.pageOf(first); page <= cache.pageOf(last); page++) {
        if (cache.has(page)) continue;
        const result = await call('messages:query', {
          filter: applied,
          order,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        });
        if (get().generation !== generation) return null;
        if (!result.ok) {
          set({ notice: { tone: 'error', text: result.message } });
          return null;
        }
        cache.put(page, result.value.rows);
      }
      const ids: number[] = [];
      for (let index = first; index <= last; index++) {
        const id = idAt(index);
        if (id !== undefined) ids.push(id);
      }
      return ids;
    }

    return {
      ...initial,

      start() {
        if (started) return;
        started = true;
        restart({ applied: toMessageFilter(get().filter, fixed) });
        void fetchStoreTotal();
      },

      setFilter(patch) {
        set({ filter: { ...get().filter, ...patch } });
        const typed = Object.keys(patch).every((key) => ['text', 'sender', 'room'].includes(key));
        clearTimeout(typingTimer);
        if (typed) typingTimer = setTimeout(apply, TYPING_DEBOUNCE_MS);
        else apply();
      },

      clearFilters() {
        clearTimeout(typingTimer);
        set({ filter: EMPTY_FILTER });
        apply();
      },

      setOrder(order) {
        if (order === get().order) return;
        restart({ order });
      },

      ensureRange(first, last) {
        lastRange = [first, last];
        for (let page = cache.pageOf(first); page <= cache.pageOf(last); page++) cache.touch(page);
        // One page beyond the viewport on each side, so ordinary scrolling rarely shows placeholders.
        wanted = pagesAround(first - PAGE_SIZE / 2, last + PAGE_SIZE / 2);
        pump();
      },

      rowAt: (index) => cache.rowAt(index),

      rowCount() {
        const { total } = get();
        return total ?? cache.knownLength();
      },

      setActive(index) {
        set({ active: index });
      },

      selectOnly(index) {
        const id = idAt(index);
        set({
          selection: { kind: 'ids', ids: new Set(id === undefined ? [] : [id]) },
          anchor: index,
          active: index,
        });
      },

      toggle(index) {
        const id = idAt(index);
        if (id === undefined) return;
        const { selection } = get();
        const ids = new Set(selection.kind === 'ids' ? selection.ids : []);
        if (ids.has(id)) ids.delete(id);
        else if (ids.size >= MAX_IDS) {
          set({
            notice: { tone: 'error', text: tNow('messages.tooMany', { max: countNow(MAX_IDS) }) },
          });
          return;
        } else ids.add(id);
        set({ selection: { kind: 'ids', ids }, anchor: index, active: index });
      },

      async selectRange(index) {
        const anchor = get().anchor ?? index;
        const first = Math.min(anchor, index);
        const last = Math.max(anchor, index);
        set({ active: index });
        if (last - first + 1 > MAX_IDS) {
          set({
            notice: { tone: 'error', text: tNow('messages.tooMany', { max: countNow(MAX_IDS) }) },
          });
          return;
        }
        const ids = await idsBetween(first, last);
        if (ids) set({ selection: { kind: 'ids', ids: new Set(ids) }, anchor });
      },

      selectAllMatching() {
        set({ selection: { kind: 'filter' } });
      },

      clearSelection() {
        set({ selection: NO_SELECTION, anchor: null });
      },

      selectedCount() {
        const { selection, total } = get();
        return selection.kind === 'filter' ? (total ?? 0) : selection.ids.size;
      },

      isSelected(index) {
        const { selection } = get();
        if (selection.kind === 'filter') return index < get().rowCount();
        const id = idAt(index);
        return id !== undefined && selection.ids.has(id);
      },

      async selectionRequest() {
        const { selection, applied } = get();
        if (selection.kind === 'filter') return { filter: applied };
        if (selection.ids.size === 0) return null;
        return { ids: [...selection.ids] };
      },

      async openDetail(index) {
        const row = cache.rowAt(index);
        if (!row) return;
        set({ active: index, detail: { id: row.id, data: null, error: null } });
        await loadDetail(row.id);
      },

      closeDetail() {
        set({ detail: null });
      },

      async setChoice(choice) {
        const selection = await get().selectionRequest();
        if (!selection) return;
        set({ busy: true });
        const result = await call('messages:set-choice', { selection, choice });
        set({
          busy: false,
          notice: result.ok
            ? {
                tone: 'ok',
                text: tNow('messages.changed', { count: countNow(result.value.changed) }),
              }
            : { tone: 'error', text: result.message },
        });
        if (result.ok) get().invalidate();
      },

      async suggest(field, prefix) {
        const result = await call('messages:distinct', { field, prefix, limit: 20 });
        if (result.ok) set({ suggestions: { ...get().suggestions, [field]: result.value.values } });
      },

      invalidate() {
        if (!started) return;
        cache.markAllStale();
        failedAt.clear();
        set({ version: get().version + 1 });
        const [first, last] = lastRange;
        get().ensureRange(first, last);
        void fetchCounts();
        void fetchStoreTotal();
        const detail = get().detail;
        if (detail) void loadDetail(detail.id);
      },

      setNotice(notice) {
        set({ notice });
      },

      reset() {
        clearTimeout(typingTimer);
        cache.clear();
        inFlight.clear();
        failedAt.clear();
        wanted = [];
        started = false;
        set({ ...initial, generation: get().generation + 1 });
      },
    };
  });
}
