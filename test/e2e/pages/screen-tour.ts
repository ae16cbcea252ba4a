/**
 * Visits every screen and waits until each shows its data (not a loading state), for
 * screenshots and for checks that every screen renders at a given size and language.
 */
import { expect, type Page } from '@playwright/test';

import { AppPage, type ScreenName } from './app-page.js';

export const SCREENS: readonly ScreenName[] = [
  'import',
  'messages',
  'upload',
  'failed',
  'history',
  'settings',
];

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 900, height: 600 },
] as const;

export class ScreenTour {
  readonly app: AppPage;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
  }

  /** Opens `screen` and waits for what it shows once loaded. */
  async visit(screen: ScreenName): Promise<void> {
    await this.app.navigate(screen);
    const page = this.page;
    const byId = (id: string) => page.getByTestId(id);
    switch (screen) {
      case 'import':
        await expect(byId('import-summary').or(byId('import-empty')).first()).toBeVisible();
        break;
      case 'messages':
        await expect(byId('messages-table')).toHaveAttribute('data-total', /\d/);
        await expect(
          byId('messages-table')
            .getByTestId('message-row')
            .first()
            .or(byId('messages-empty-store')),
        ).toBeVisible();
        await expect(byId('messages-table').locator('[data-loading="true"]')).toHaveCount(0);
        await expect(byId('messages-filter-status-ready').locator('.chip-count')).not.toHaveText(
          '…',
        );
        break;
      case 'upload':
        await expect(byId('upload-eligible-count')).not.toHaveText('…');
        break;
      case 'failed':
        await expect(byId('failed-total').or(byId('failed-empty')).first()).toBeVisible();
        await expect(byId('failed-total')).toHaveText(/\d/);
        break;
      case 'history':
        await expect(byId('history-imports').or(byId('history-imports-empty'))).toBeVisible();
        await expect(byId('history-runs').or(byId('history-runs-empty'))).toBeVisible();
        break;
      case 'settings':
        await expect(byId('settings-form')).toBeVisible();
        break;
    }
    // Let fonts settle and the last counts paint.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
  }

  /** The screen's content fits the window's width: nothing pushes a horizontal scrollbar. */
  async horizontalOverflow(): Promise<number> {
    return this.page
      .locator('main')
      .evaluate((main) => Math.max(0, main.scrollWidth - main.clientWidth));
  }
}
