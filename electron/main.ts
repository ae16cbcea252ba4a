/**
 * The Electron shell: one hardened window, the IPC bridge to the core service, native
 * dialogs and the keyring. Everything else lives in electron/core and runs without Electron.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, session } from 'electron';

import { BRIDGE_GRANT_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipc/bridge.js';
import { fail } from '../shared/ipc/result.js';
import { forwardEvents } from './core/ipc/event-forwarder.js';
import { createIpcHandlers, type IpcHandlers } from './core/ipc/handlers.js';
import { configureLogging, createLogger } from './core/logging/logger.js';
import { ArchiveService } from './core/service/archive-service.js';
import { KeyringSecretStore } from './core/service/secret-store.js';
import { registerAppScheme, serveRenderer } from './shell/app-protocol.js';
import { safeStorageCipher } from './shell/keyring-cipher.js';
import { APP_ORIGIN, hardenContents, hardenSession, isAppUrl } from './shell/security.js';
import { loadWindowBounds, MIN_SIZE, trackWindowBounds } from './shell/window-state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const development = !app.isPackaged;
const log = createLogger('main');

/** better-sqlite3 built for Electron's ABI by build/prepare-electron.mjs (development only). */
function nativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const file = path.resolve(
    here,
    '../../.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  );
  return existsSync(file) ? file : undefined;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenContents();
  void app.whenReady().then(start);
}

let window: BrowserWindow | null = null;

app.on('second-instance', () => {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
});

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  configureLogging({ dir: path.join(userData, 'logs'), level: development ? 'debug' : 'info' });
  hardenSession(session.defaultSession);
  serveRenderer(path.resolve(here, '../renderer'));

  const dbPath = process.env['ARCHIVE_IMPORTER_DB'] ?? path.join(userData, 'archive-importer.db');
  const binding = nativeBinding();
  let service: ArchiveService;
  try {
    service = ArchiveService.open({
      dbPath,
      version: app.getVersion(),
      development,
      workerUrl: new URL('./job-worker.js', import.meta.url),
      ...(binding ? { nativeBinding: binding } : {}),
      sandboxDataFile: path.join(userData, 'sandbox-accepted.jsonl'),
      requireCutoffDecision: true,
      utcOffsetMinutes: () => -new Date().getTimezoneOffset(),
      secretStore: (settings) => new KeyringSecretStore(settings, safeStorageCipher()),
    });
  } catch (error) {
    dialog.showErrorBox(
      'SCRM Archive Importer',
      error instanceof Error ? error.message : String(error),
    );
    app.quit();
    return;
  }
  const handlers = createIpcHandlers(service, {
    async pickFiles() {
      const result = await dialog.showOpenDialog(window!, {
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Chat archive exports', extensions: ['jsonl', 'ndjson', 'json', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return result.canceled ? [] : result.filePaths;
    },
    async chooseSavePath(suggestedName, format) {
      const result = await dialog.showSaveDialog(window!, {
        defaultPath: path.join(app.getPath('documents'), suggestedName),
        filters: [{ name: format.toUpperCase(), extensions: [format] }],
      });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  });
  registerIpc(handlers);

  window = createWindow(userData);
  const stopForwarding = forwardEvents(service, (event, payload) => {
    if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    event.preventDefault();
    stopForwarding();
    void service
      .close()
      .catch((error: unknown) => log.error('closing the store failed', { error }))
      .finally(() => app.exit(0));
  });
}

/** Only our own page may call the bridge. */
function fromApp(event: IpcMainInvokeEvent | Electron.IpcMainEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return isAppUrl(url) && event.sender === window?.webContents;
}

function registerIpc(handlers: IpcHandlers): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, request: unknown) => {
    if (!fromApp(event))
      return fail('invalid_request', 'Requests are only taken from the app window.');
    return handlers.handle(channel, request);
  });
  ipcMain.on(BRIDGE_GRANT_CHANNEL, (event, paths: unknown) => {
    if (!fromApp(event) || !Array.isArray(paths)) return;
    handlers.grants.grant(
      paths.filter((item): item is string => typeof item === 'string' && item.length < 4096),
    );
  });
}

function createWindow(userData: string): BrowserWindow {
  const bounds = loadWindowBounds(userData);
  const created = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'SCRM Archive Importer',
    backgroundColor: '#f6f7f9',
    // Written out here, not built elsewhere, so that security scanners and the tests (which read
    // this file) see every setting.
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      webviewTag: false,
      devTools: development,
    },
  });
  if (bounds.maximized) created.maximize();
  trackWindowBounds(created, userData);
  created.once('ready-to-show', () => created.show());
  created.on('closed', () => {
    window = null;
  });
  void created.loadURL(`${APP_ORIGIN}/index.html`);
  return created;
}
