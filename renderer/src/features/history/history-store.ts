/** The History screen's store: past imports and upload runs, and the report export. */
import { create } from 'zustand';

import type { ResponseOf } from '../../../../shared/ipc/contract';
import type { ImportRecord } from '../../../../shared/ipc/imports';
import { call } from '../../ipc/client';
import { tNow } from '../../i18n/i18n';

export type UploadRun = ResponseOf<'upload:runs'>['runs'][number];

/** The screen lists the latest imports; older ones are in the exported report. */
const IMPORTS_SHOWN = 500;

export interface HistoryState {
  imports: ImportRecord[] | null;
  runs: UploadRun[] | null;
  loadError: string | null;
  busy: boolean;
  notice: { tone: 'ok' | 'error'; text: string } | null;

  load(): Promise<void>;
  exportReport(format: 'csv' | 'json'): Promise<void>;
  dismissNotice(): void;
  reset(): void;
}

const initial = { imports: null, runs: null, loadError: null, busy: false, notice: null };

export const useHistoryStore = create<HistoryState>()((set) => ({
  ...initial,

  async load() {
    const [imports, runs] = await Promise.all([
      call('import:list', { offset: 0, limit: IMPORTS_SHOWN }),
      call('upload:runs', {}),
    ]);
    set({
      imports: imports.ok ? imports.value.imports : null,
      runs: runs.ok ? runs.value.runs : null,
      loadError: !imports.ok ? imports.message : !runs.ok ? runs.message : null,
    });
  },

  async exportReport(format) {
    set({ busy: true, notice: null });
    const result = await call('export:report', { format });
    set({
      busy: false,
      notice: !result.ok
        ? { tone: 'error', text: result.message }
        : result.value.path === null
          ? { tone: 'ok', text: tNow('history.exportCancelled') }
          : { tone: 'ok', text: tNow('history.exported', { path: result.value.path }) },
    });
  },

  dismissNotice() {
    set({ notice: null });
  },

  reset() {
    set(initial);
  },
}));
