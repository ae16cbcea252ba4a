/**
 * The window's frame: navigation, the header's target and store, the language switch and the
 * upload strip. Screen page models build on it.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type ScreenName = 'import' | 'messages' | 'upload' | 'failed' | 'history' | 'settings';

export class AppPage {
  readonly header: Locator;
  readonly target: Locator;
  readonly store: Locator;
  readonly uploadStrip: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByTestId('app-header');
    this.target = page.getByTestId('header-target');
    this.store = page.getByTestId('header-store');
    this.uploadStrip = page.getByTestId('upload-strip');
    this.main = page.locator('main');
  }

  /** Waits until the app has read its facts (the header names a target). */
  async waitForReady(): Promise<void> {
    await expect(this.target).toHaveAttribute('data-target', /sandbox|production/);
  }

  async navigate(screen: ScreenName): Promise<void> {
    await this.page.getByTestId(`nav-${screen}`).click();
    await expect(this.page.getByTestId(`screen-${screen}`)).toBeVisible();
  }

  navItem(screen: ScreenName): Locator {
    return this.page.getByTestId(`nav-${screen}`);
  }

  /** The number on a navigation badge, or null when the badge is not shown. */
  async badge(which: 'failed' | 'eligible'): Promise<number | null> {
    const badge = this.page.getByTestId(`nav-badge-${which}`);
    if ((await badge.count()) === 0) return null;
    return parseCount(await badge.innerText());
  }

  async targetKind(): Promise<'sandbox' | 'production'> {
    return (await this.target.getAttribute('data-target')) as 'sandbox' | 'production';
  }

  async storePath(): Promise<string> {
    return (await this.store.locator('.store-path').innerText()).trim();
  }

  async setLanguage(locale: 'zh-CN' | 'en'): Promise<void> {
    await this.page.getByTestId(`lang-${locale}`).click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', locale);
  }

  async stripCount(): Promise<string> {
    return this.uploadStrip.getByTestId('strip-count').innerText();
  }
}

/** "1,234,567" (or "1,234,567 条") → 1234567. */
export function parseCount(text: string): number {
  const digits = text.replace(/[^\d]/g, '');
  if (!digits) throw new Error(`No number in "${text}"`);
  return Number(digits);
}
