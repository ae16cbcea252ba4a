/**
 * The upload queue as the operator sees it: what is eligible, the cutoff, the run's state
 * (pushed by the main process as `upload:state`), and the log of batches (`upload:batch`).
 */
import { create } from 'zustand';

import type { ResponseOf } from '../../../../shared/ipc/contract';
import type { BatchRow, UploadState } from '../../../../shared/ipc/upload';
import { call } from '../../ipc/client';

export type Eligible = ResponseOf<'upload:eligible'>;

/** The log shows the latest batches; older ones are in History's report. */
export const BATCH_LOG_SIZE = 200;

export interface UploadStoreState {
  state: UploadState | null;
  eligible: Eligible | null;
  batches: BatchRow[];
  /** The operator ticked "also upload messages after the cutoff". */
  includeAfterCutoff: boolean;
  /** The risk dialog is open, waiting for the operator's confirmation. */
  confirming: boolean;
  busy: boolean;
  error: string | null;

  load(): Promise<void>;
  refreshEligible(): Promise<void>;
  applyState(state: UploadState): void;
  addBatch(batch: BatchRow): void;
  setIncludeAfterCutoff(value: boolean): void;
  start(): Promise<void>;
  confirmStart(): Promise<void>;
  cancelConfirm(): void;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(): Promise<void>;
  dismissError(): void;
  reset(): void;
}

const initial = {
  state: null,
  eligible: null,
  batches: [],
  includeAfterCutoff: false,
  confirming: false,
  busy: false,
  error: null,
};

/** True while a run holds the queue (the strip shows, the start button hides). */
export function isActive(state: UploadState | null): boolean {
  return state !== null && state.phase !== 'idle';
}

/** Share of the run done, counting failures as done: they will not be sent again in this run. */
export function runProgress(state: UploadState | null): number | null {
  if (!state || state.total <= 0) return null;
  return (state.uploaded + state.failed) / state.total;
}

/** Inserts or replaces a batch by id, newest first, keeping the log bounded. */
export function mergeBatch(batches: BatchRow[], batch: BatchRow): BatchRow[] {
  const rest = batches.filter((item) => item.id !== batch.id);
  return [batch, ...rest].sort((a, b) => b.id - a.id).slice(0, BATCH_LOG_SIZE);
}

export const useUploadStore = create<UploadStoreState>()((set, get) => {
  async function run(
    action: () => Promise<{ ok: boolean; value?: UploadState; message?: string }>,
  ) {
    set({ busy: true, error: null });
    const result = await action();
    set({ busy: false });
    if (result.ok && result.value) get().applyState(result.value);
    else if (!result.ok) set({ error: result.message ?? null });
  }

  async function begin(includeAfterCutoff: boolean) {
    await run(() => call('upload:start', { includeAfterCutoff }));
    void get().refreshEligible();
  }

  return {
    ...initial,

    async load() {
      const [state, batches] = await Promise.all([
        call('upload:state', {}),
        call('upload:batches', { offset: 0, limit: 100 }),
      ]);
      if (state.ok) get().applyState(state.value);
      else set({ error: state.message });
      if (batches.ok) set({ batches: batches.value.batches.slice().sort((a, b) => b.id - a.id) });
      await get().refreshEligible();
    },

    async refreshEligible() {
      const eligible = await call('upload:eligible', { includeAfterCutoff: false });
      if (eligible.ok) set({ eligible: eligible.value });
      else set({ error: eligible.message });
    },

    applyState(state) {
      set({ state });
    },

    addBatch(batch) {
      set({ batches: mergeBatch(get().batches, batch) });
    },

    setIncludeAfterCutoff(value) {
      set({ includeAfterCutoff: value });
    },

    async start() {
      const { includeAfterCutoff, eligible } = get();
      // Messages after the cutoff go out only after the operator has read the risk.
      if (includeAfterCutoff && (eligible?.afterCutoff ?? 0) > 0) {
        set({ confirming: true });
        return;
      }
      await begin(false);
    },

    async confirmStart() {
      set({ confirming: false });
      await begin(true);
    },

    cancelConfirm() {
      set({ confirming: false });
    },

    pause: () => run(() => call('upload:pause', {})),
    resume: () => run(() => call('upload:resume', {})),
    cancel: () => run(() => call('upload:cancel', {})),

    dismissError() {
      set({ error: null });
    },

    reset() {
      set(initial);
    },
  };
});
