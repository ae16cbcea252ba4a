/**
 * The window's web preferences, kept apart from the window code (and free of Electron
 * imports) so that tests can assert every hardening setting.
 */
export function secureWebPreferences(options: { preload: string; development: boolean }) {
  return {
    preload: options.preload,
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
    devTools: options.development,
  } as const;
}
