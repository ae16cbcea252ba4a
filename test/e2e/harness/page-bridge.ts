/**
 * Runs in the test page before the renderer: builds `window.archive` with the same shared
 * bridge the preload uses, over Playwright bindings that reach the real IPC handlers.
 */
import type { EventName } from '../../../shared/ipc/contract.js';
import { BRIDGE_NAME, createArchiveApi } from '../../../shared/ipc/bridge.js';

interface HarnessWindow {
  __archiveInvoke(channel: string, request: unknown): Promise<unknown>;
  __archiveDispatch?: (event: string, payload: unknown) => void;
  /** Dropped file name → path on disk: what Electron's webUtils would answer. */
  __archiveDropPaths?: Record<string, string>;
}

const host = window as unknown as HarnessWindow & Record<string, unknown>;
const listeners = new Map<string, Set<(payload: unknown) => void>>();
host.__archiveDispatch = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

host[BRIDGE_NAME] = Object.freeze(
  createArchiveApi(
    {
      invoke: (channel, request) => host.__archiveInvoke(channel, request),
      subscribe(event: EventName, listener) {
        const set = listeners.get(event) ?? new Set();
        set.add(listener);
        listeners.set(event, set);
        return () => {
          set.delete(listener);
        };
      },
    },
    (file) => host.__archiveDropPaths?.[file.name] ?? null,
  ),
);
