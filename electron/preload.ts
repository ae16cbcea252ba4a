/**
 * Runs in the window's isolated world with Electron's sandbox on. Exposes exactly one object,
 * `window.archive`, built by the shared bridge; the page never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';

import {
  BRIDGE_GRANT_CHANNEL,
  BRIDGE_NAME,
  createArchiveApi,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
} from '../shared/ipc/bridge.js';
import type { EventName } from '../shared/ipc/contract.js';

const api = createArchiveApi(
  {
    invoke: (channel, request) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, request),
    subscribe(event: EventName, listener: (payload: unknown) => void) {
      const handler = (_event: Electron.IpcRendererEvent, name: unknown, payload: unknown) => {
        if (name === event) listener(payload);
      };
      ipcRenderer.on(EVENT_CHANNEL, handler);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, handler);
      };
    },
  },
  (file) => {
    // Only files from the operator's own drag and drop have a path; grant exactly those.
    const filePath = webUtils.getPathForFile(file);
    if (!filePath) return null;
    ipcRenderer.send(BRIDGE_GRANT_CHANNEL, [filePath]);
    return filePath;
  },
);

contextBridge.exposeInMainWorld(BRIDGE_NAME, api);
