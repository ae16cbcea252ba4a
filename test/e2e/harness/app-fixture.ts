/**
 * The browser tests' stand-in for the Electron shell: a fresh store in a temporary folder per
 * test, the real service and IPC handlers, the real sandbox, and the built renderer served
 * under the app's CSP. Only the native dialogs are replaced (by paths the test chooses).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { test as base, type Page } from '@playwright/test';
import { build } from 'esbuild';

import type { PublicSettings } from '../../../shared/ipc/settings.js';
import { forwardEvents } from '../../../electron/core/ipc/event-forwarder.js';
import { createIpcHandlers, type IpcHandlers } from '../../../electron/core/ipc/handlers.js';
import { ArchiveService } from '../../../electron/core/service/archive-service.js';
import { millionStore } from './million-store.js';
import { serveRenderer } from './renderer-server.js';

const root = path.resolve(import.meta.dirname, '../../..');
const workerUrl = pathToFileURL(path.join(root, 'dist/electron/job-worker.js'));

let bridgeScript: Promise<string> | null = null;
function pageBridge(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [path.join(import.meta.dirname, 'page-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'warning',
  }).then((result) => result.outputFiles[0]!.text);
  return bridgeScript;
}

export interface AppHarness {
  page: Page;
  service: ArchiveService;
  handlers: IpcHandlers;
  /** The test's own folder: store, exports, generated inputs. */
  dir: string;
  /** Opens the app in the page. */
  open(): Promise<void>;
  /** Paths the next "choose files" dialog returns. */
  pickNext(paths: string[]): void;
  /** Makes dropped files with these names resolve to these paths (as the preload would). */
  allowDrops(files: Record<string, string>): Promise<void>;
  /** Where "save as" dialogs write. */
  exportsDir: string;
  settings(update: Partial<PublicSettings>): void;
  /**
   * Saves a screenshot as a test artifact under test-results/e2e/screenshots: the window, or
   * with `fullPage` the whole scrolled content of the screen.
   */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<void>;
}

/** What the test's store holds when the app opens: nothing, or its own copy of a million. */
export type Seed = 'empty' | 'million';

export const test = base.extend<{ app: AppHarness; seed: Seed }>({
  seed: ['empty', { option: true }],

  app: async ({ page, seed }, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'archive-e2e-'));
    const exportsDir = path.join(dir, 'exports');
    mkdirSync(exportsDir);
    const dbPath = path.join(dir, 'store.db');
    if (seed === 'million') await copyFile(await millionStore(), dbPath);
    const service = ArchiveService.open({
      dbPath,
      version: 'test',
      workerUrl,
      sandboxRate: { calls: 10, windowSeconds: 2 },
      sandboxDataFile: path.join(dir, 'sandbox.jsonl'),
      requireCutoffDecision: true,
      utcOffsetMinutes: () => 480,
    });
    const picks: string[][] = [];
    const handlers = createIpcHandlers(service, {
      pickFiles: async () => picks.shift() ?? [],
      chooseSavePath: async (name) => path.join(exportsDir, name),
    });
    await page.exposeBinding('__archiveInvoke', (_source, channel: unknown, request: unknown) =>
      handlers.handle(channel, request),
    );
    const stopEvents = forwardEvents(service, (event, payload) => {
      void page
        .evaluate(
          ([name, body]) =>
            (
              window as unknown as { __archiveDispatch?: (e: string, p: unknown) => void }
            ).__archiveDispatch?.(name, body),
          [event, payload] as const,
        )
        .catch(() => {});
    });
    await page.addInitScript({ content: await pageBridge() });
    const server = await serveRenderer(path.join(root, 'dist/renderer'));
    const screenshots = path.join(root, 'test-results/e2e/screenshots');
    mkdirSync(screenshots, { recursive: true });

    await use({
      page,
      service,
      handlers,
      dir,
      exportsDir,
      open: async () => {
        await page.goto(server.url);
      },
      pickNext: (paths) => {
        picks.push(paths);
      },
      allowDrops: async (files) => {
        handlers.grants.grant(Object.values(files));
        await page.addInitScript((map) => {
          (
            window as unknown as { __archiveDropPaths?: Record<string, string> }
          ).__archiveDropPaths = map;
        }, files);
        await page.evaluate((map) => {
          (
            window as unknown as { __archiveDropPaths?: Record<string, string> }
          ).__archiveDropPaths = map;
        }, files);
      },
      settings: (update) => {
        service.saveSettings({ settings: update });
      },
      screenshot: async (name, options) => {
        const file = path.join(screenshots, `${name}.png`);
        if (!options?.fullPage) {
          await page.screenshot({ path: file });
          return;
        }
        // The window does not scroll, its main area does: grow the page until it all shows.
        const viewport = page.viewportSize();
        const overflow = await page
          .locator('main')
          .evaluate((main) => main.scrollHeight - main.clientHeight);
        if (viewport && overflow > 0) {
          await page.setViewportSize({ ...viewport, height: viewport.height + overflow });
        }
        await page.screenshot({ path: file });
        if (viewport) await page.setViewportSize(viewport);
      },
    });

    stopEvents();
    await service.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
