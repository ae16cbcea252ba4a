// The renderer is loaded from file:// in the packaged app, so every asset URL must be relative.
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron's Chromium is the only browser this runs in.
    target: 'chrome130',
    // Inline data: URLs would need a looser CSP for fonts and scripts; keep every asset a file.
    assetsInlineLimit: 0,
  },
});
