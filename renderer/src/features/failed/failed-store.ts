/**
 * The Failed screen's store: failures grouped by reason, retries, and exports. Its table is a
 * message table fixed to status `failed`.
 */
import { create } from 'zustand';

import type { RequestOf, ResponseOf } from '../../../../shared/ipc/contract';
import type { MessageFilter } from '../../../../shared/ipc/messages';
import { call } from '../../ipc/client';
import { countNow, tNow } from '../../i18n/i18n';
import { createTableStore, MAX_IDS } from '../messages/table-store';

export const FAILED_FILTER: MessageFilter = { statuses: ['failed'] };

export const failedTable = createTableStore(FAILED_FILTER);

export type FailedGroup = ResponseOf<'failed:groups'>['groups'][number];

type RetryRequest = RequestOf<'failed:retry'>;

export type RetryTarget = { all: true } | { reason: string } | { selected: true };

export interface FailedState {
  groups: FailedGroup[];
  total: number | null;
  loadError: string | null;
  busy: boolean;
  notice: { tone: 'ok' | 'error'; text: string } | null;

  load(): Promise<void>;
  retry(target: RetryTarget): Promise<void>;
  exportAs(format: 'jsonl' | 'csv'): Promise<void>;
  dismissNotice(): void;
  reset(): void;
}

const initial = { groups: [], total: null, loadError: null, busy: false, notice: null };

/** Ids of every message matching `filter`, up to the contract's limit; null when there are more. */
async function idsMatching(filter: MessageFilter): Promise<number[] | string | null> {
  const ids: number[] = [];
  const limit = 1000;
  for (let offset = 0; offset <= MAX_IDS; offset += limit) {
    const page = await call('messages:query', { filter, offset, limit, order: 'oldest' });
    if (!page.ok) return page.message;
    ids.push(...page.value.rows.map((row) => row.id));
    if (page.value.rows.length < limit) return ids.length <= MAX_IDS ? ids : null;
  }
  return null;
}

/** Turns the table's selection into a retry request the contract accepts. */
async function retryRequestForSelection(): Promise<RetryRequest | { error: string } | null> {
  const selection = await failedTable.getState().selectionRequest();
  if (!selection) return null;
  if ('ids' in selection) return { ids: selection.ids };
  // The whole unfiltered list is "all"; a narrower filter is sent as its ids.
  const onlyFailed = JSON.stringify(selection.filter) === JSON.stringify(FAILED_FILTER);
  if (onlyFailed) return { all: true as const };
  const ids = await idsMatching(selection.filter);
  if (typeof ids === 'string') return { error: ids };
  if (ids === null) return { error: tNow('messages.tooMany', { max: countNow(MAX_IDS) }) };
  return ids.length > 0 ? { ids } : null;
}

export const useFailedStore = create<FailedState>()((set, get) => ({
  ...initial,

  async load() {
    const result = await call('failed:groups', {});
    set(
      result.ok
        ? { groups: result.value.groups, total: result.value.total, loadError: null }
        : { loadError: result.message },
    );
  },

  async retry(target) {
    set({ busy: true, notice: null });
    const request = 'selected' in target ? await retryRequestForSelection() : target;
    if (!request) {
      set({ busy: false });
      return;
    }
    if ('error' in request) {
      set({ busy: false, notice: { tone: 'error', text: request.error } });
      return;
    }

    const result = await call('failed:retry', request);
    set({
      busy: false,
      notice: result.ok
        ? { tone: 'ok', text: tNow('failed.retried', { count: countNow(result.value.changed) }) }
        : { tone: 'error', text: result.message },
    });
    if (result.ok) {
      failedTable.getState().clearSelection();
      failedTable.getState().invalidate();
      await get().load();
    }
  },

  async exportAs(format) {
    set({ busy: true, notice: null });
    const filter = failedTable.getState().applied;
    const result = await call('export:messages', { filter, format });
    if (!result.ok) {
      set({ busy: false, notice: { tone: 'error', text: result.message } });
      return;
    }
    const { path, count } = result.value;
    set({
      busy: false,
      notice:
        path === null
          ? { tone: 'ok', text: tNow('failed.exportCancelled') }
          : { tone: 'ok', text: tNow('failed.exported', { count: countNow(count), path }) },
    });
  },

  dismissNotice() {
    set({ notice: null });
  },

  reset() {
    set(initial);
  },
}));
