/** The Settings screen: connection, secrets (write-only), the cutoff and upload preferences. */
import { expect, type Locator, type Page } from '@playwright/test';

import { AppPage } from './app-page.js';

export type TextSetting = 'baseUrl' | 'clientId' | 'receiveId';
export type SecretSetting = 'clientSecret' | 'token' | 'encodingAesKey';

export class SettingsPage {
  readonly app: AppPage;
  readonly form: Locator;
  readonly notice: Locator;
  readonly testResult: Locator;
  readonly noKeyring: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.form = page.getByTestId('settings-form');
    this.notice = page.getByTestId('settings-notice');
    this.testResult = page.getByTestId('settings-test-result');
    this.noKeyring = page.getByTestId('settings-no-keyring');
  }

  async open(): Promise<void> {
    await this.app.navigate('settings');
    await expect(this.form).toBeVisible();
  }

  field(name: TextSetting | SecretSetting | 'rateCalls' | 'rateWindow' | 'maxAttempts'): Locator {
    return this.page.getByTestId(`settings-${name}`);
  }

  async fill(name: TextSetting, value: string): Promise<void> {
    await this.field(name).fill(value);
  }

  async setSecret(name: SecretSetting, value: string): Promise<void> {
    await this.field(name).fill(value);
  }

  async clearSecret(name: SecretSetting): Promise<void> {
    await this.page.getByTestId(`settings-${name}-clear`).click();
  }

  /** Whether the app says a secret is set; its value is never on the page. */
  async isSecretSet(name: SecretSetting): Promise<boolean> {
    return (
      (await this.page.getByTestId(`settings-${name}-state`).getAttribute('data-set')) === 'true'
    );
  }

  async setRate(calls: number, windowSeconds: number): Promise<void> {
    await this.field('rateCalls').fill(String(calls));
    await this.field('rateWindow').fill(String(windowSeconds));
  }

  async setMaxAttempts(value: number): Promise<void> {
    await this.field('maxAttempts').fill(String(value));
  }

  async setSandbox(on: boolean): Promise<void> {
    await this.page.getByTestId('settings-useSandbox').setChecked(on);
  }

  async setIncludeMedia(on: boolean): Promise<void> {
    await this.page.getByTestId('settings-includeMedia').setChecked(on);
  }

  /** The moment Dustess's archive sync was switched on, as `YYYY-MM-DDTHH:mm[:ss]` local time. */
  async setCutoff(localDateTime: string): Promise<void> {
    await this.page.getByTestId('settings-cutoff-at').check();
    await this.page.getByTestId('settings-cutoff-input').fill(localDateTime);
  }

  async setCutoffNever(): Promise<void> {
    await this.page.getByTestId('settings-cutoff-never').check();
  }

  async keepSecretsForSessionOnly(): Promise<void> {
    await this.page.getByTestId('settings-storage-session').check();
  }

  async storeSecretsUnprotected(): Promise<void> {
    await this.page.getByTestId('settings-storage-plain').check();
    await this.page.getByTestId('settings-storage-plain-confirm').check();
  }

  async save(): Promise<void> {
    await this.page.getByTestId('settings-save').click();
    await expect(this.notice).toBeVisible();
  }

  async discard(): Promise<void> {
    await this.page.getByTestId('settings-discard').click();
  }

  async testConnection(): Promise<void> {
    await this.page.getByTestId('settings-test').click();
    await expect(this.testResult).toBeVisible({ timeout: 30_000 });
  }

  async connectionOk(): Promise<boolean> {
    return (await this.testResult.getAttribute('data-ok')) === 'true';
  }
}
