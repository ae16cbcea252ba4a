/** The Messages screen: the whole store, filtered, with include/exclude on the selection. */
import type { Locator, Page } from '@playwright/test';

import { AppPage } from './app-page.js';
import { MessageTableModel } from './message-table.js';

export class MessagesPage {
  readonly app: AppPage;
  readonly table: MessageTableModel;
  readonly notice: Locator;
  readonly emptyStore: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.table = new MessageTableModel(page, 'messages');
    this.notice = page.getByTestId('messages-notice');
    this.emptyStore = page.getByTestId('messages-empty-store');
  }

  async open(): Promise<void> {
    await this.app.navigate('messages');
  }

  async include(): Promise<void> {
    await this.page.getByTestId('messages-include').click();
  }

  async exclude(): Promise<void> {
    await this.page.getByTestId('messages-exclude').click();
  }

  async followDefaultRules(): Promise<void> {
    await this.page.getByTestId('messages-default').click();
  }
}
