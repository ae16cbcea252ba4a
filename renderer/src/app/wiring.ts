/**
 * Connects the main process's events to the stores, once, when the window starts. Stores stay
 * unaware of each other: a change in the store (import, upload, retry, a choice) reaches every
 * screen through here, throttled so that a long upload does not flood the main process with
 * re-counts.
 */
import { subscribe } from '../ipc/client';
import { failedTable, useFailedStore } from '../features/failed/failed-store';
import { useHistoryStore } from '../features/history/history-store';
import { useImportStore } from '../features/import/import-store';
import { messagesTable } from '../features/messages/messages-store';
import { useSettingsStore } from '../features/settings/settings-store';
import { useUploadStore } from '../features/upload/upload-store';
import { useAppStore } from './app-store';
import { trailingThrottle } from './trailing-throttle';

/** Counts over millions of rows cost the main process; once a second is plenty for the eye. */
const REFRESH_MS = 1_000;

export function wireEvents(): () => void {
  const refreshStore = trailingThrottle(() => {
    void useAppStore.getState().refreshCounts();
    messagesTable.getState().invalidate();
    failedTable.getState().invalidate();
    if (useFailedStore.getState().total !== null) void useFailedStore.getState().load();
    if (useHistoryStore.getState().imports !== null) void useHistoryStore.getState().load();
    if (useUploadStore.getState().eligible !== null)
      void useUploadStore.getState().refreshEligible();
  }, REFRESH_MS);

  const unsubscribes = [
    subscribe('store:changed', (change) => {
      refreshStore();
      if (change.reason === 'settings') {
        void useAppStore.getState().refreshInfo();
        if (useSettingsStore.getState().view && !useSettingsStore.getState().isDirty()) {
          void useSettingsStore.getState().load();
        }
      }
    }),
    subscribe('upload:state', (state) => {
      const before = useUploadStore.getState().state?.phase ?? 'idle';
      useUploadStore.getState().applyState(state);
      // A run that just ended changed every count; saying "1,000 eligible" beside
      // "0 remaining" for a second would make the operator doubt both.
      if (before !== 'idle' && state.phase === 'idle') {
        void useAppStore.getState().refreshCounts();
        void useUploadStore.getState().refreshEligible();
      }
    }),
    subscribe('upload:batch', (batch) => useUploadStore.getState().addBatch(batch)),
    subscribe('import:progress', (progress) => useImportStore.getState().onProgress(progress)),
    subscribe('import:done', (done) => {
      useImportStore.getState().onDone(done);
      refreshStore();
    }),
  ];

  return () => {
    refreshStore.cancel();
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
