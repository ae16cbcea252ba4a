/** The History screen: past imports and upload runs, and the report export. */
import type { Locator, Page } from '@playwright/test';

import { AppPage } from './app-page.js';

export class HistoryPage {
  readonly app: AppPage;
  readonly imports: Locator;
  readonly runs: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.imports = page.getByTestId('history-import');
    this.runs = page.getByTestId('history-run');
    this.notice = page.getByTestId('history-notice');
  }

  async open(): Promise<void> {
    await this.app.navigate('history');
  }

  /** The cells of each import row: file, size, started, state, records, stored, duplicates, invalid. */
  async importRows(): Promise<string[][]> {
    return this.imports.evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
    );
  }

  /** The cells of each run row: started, finished, target, state, calls, uploaded, failed, note. */
  async runRows(): Promise<string[][]> {
    return this.runs.evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
    );
  }

  async exportReport(format: 'csv' | 'json'): Promise<void> {
    await this.page.getByTestId(`history-export-${format}`).click();
  }
}
