/** The Failed screen: failures grouped by reason, the failed-messages table, retries, exports. */
import { expect, type Locator, type Page } from '@playwright/test';

import { AppPage, parseCount } from './app-page.js';
import { MessageTableModel } from './message-table.js';

export class FailedPage {
  readonly app: AppPage;
  readonly table: MessageTableModel;
  readonly groups: Locator;
  readonly notice: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.table = new MessageTableModel(page, 'failed');
    this.groups = page.getByTestId('failed-group');
    this.notice = page.getByTestId('failed-notice');
    this.empty = page.getByTestId('failed-empty');
  }

  async open(): Promise<void> {
    await this.app.navigate('failed');
  }

  async total(): Promise<number> {
    const total = this.page.getByTestId('failed-total');
    await expect(total).toHaveText(/\d/);
    return parseCount(await total.innerText());
  }

  /**
   * Each group as listed: the reason as the main side recorded it, the reason as shown (in
   * the window's language) and the count.
   */
  async groupList(): Promise<{ reason: string; shown: string; count: number }[]> {
    const rows = await this.groups.evaluateAll((items) =>
      items.map((item) => {
        const cells = item.querySelectorAll('td');
        return [
          item.getAttribute('data-reason') ?? '',
          cells[0]?.textContent ?? '',
          cells[1]?.textContent ?? '0',
        ] as const;
      }),
    );
    return rows.map(([reason, shown, count]) => ({ reason, shown, count: parseCount(count) }));
  }

  async retryGroup(reason: string): Promise<void> {
    await this.groups
      .and(this.page.locator(`[data-reason="${reason.replace(/"/g, '\\"')}"]`))
      .getByTestId('failed-retry-group')
      .click();
  }

  async retryAll(): Promise<void> {
    await this.page.getByTestId('failed-retry-all').click();
  }

  async retrySelected(): Promise<void> {
    await this.page.getByTestId('failed-retry-selected').click();
  }

  async exportAs(format: 'jsonl' | 'csv'): Promise<void> {
    await this.page.getByTestId(`failed-export-${format}`).click();
  }
}
