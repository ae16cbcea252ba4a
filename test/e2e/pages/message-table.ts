/**
 * The message table and its filter and selection bars, as the Messages and Failed screens both
 * show them (`prefix` is "messages" or "failed").
 */
import { expect, type Locator, type Page } from '@playwright/test';

import { parseCount } from './app-page.js';

export type Status =
  'ready' | 'invalid' | 'unsupported' | 'excluded' | 'sending' | 'uploaded' | 'failed';

export class MessageTableModel {
  readonly table: Locator;
  readonly rows: Locator;
  readonly filterBar: Locator;
  readonly selectionBar: Locator;
  readonly detail: Locator;

  constructor(
    readonly page: Page,
    readonly prefix: 'messages' | 'failed',
  ) {
    this.table = page.getByTestId(`${prefix}-table`);
    this.rows = this.table.getByTestId('message-row');
    this.filterBar = page.getByTestId(`${prefix}-filter`);
    this.selectionBar = page.getByTestId(`${prefix}-selection`);
    this.detail = page.getByTestId(prefix === 'messages' ? 'message-detail' : 'failed-detail');
  }

  /** The count of rows matching the filter, once counted. */
  async total(): Promise<number> {
    await expect(this.table).toHaveAttribute('data-total', /\d+/);
    return Number(await this.table.getAttribute('data-total'));
  }

  async waitForTotal(total: number): Promise<void> {
    await expect(this.table).toHaveAttribute('data-total', String(total));
  }

  /** Waits until the visible rows have their data (no placeholders left). */
  async waitForRows(): Promise<void> {
    await expect(this.rows.first()).toBeVisible();
    await expect(this.table.locator('[data-loading="true"]')).toHaveCount(0);
  }

  row(index: number): Locator {
    return this.rows.nth(index);
  }

  rowByMsgid(msgid: string): Locator {
    return this.table.locator(`[data-testid="message-row"][data-msgid="${msgid}"]`);
  }

  async visibleMsgids(): Promise<string[]> {
    await this.waitForRows();
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-msgid') ?? ''));
  }

  /**
   * Clicks the `index`-th row that is fully in view. Rows rendered beyond the edges are skipped:
   * scrolling one into view would move a scaled table by many rows and shift every index.
   */
  async clickRow(index: number, modifiers: ('Shift' | 'ControlOrMeta')[] = []): Promise<void> {
    await this.waitForRows();
    const first = await this.table.locator('.table-body').evaluate((body) => {
      const view = body.getBoundingClientRect();
      const rows = [...body.querySelectorAll('[data-testid="message-row"]')];
      return rows.findIndex((row) => row.getBoundingClientRect().top >= view.top - 0.5);
    });
    await this.row(Math.max(0, first) + index).click({ modifiers });
  }

  /** Keys go to the table itself, as a keyboard user's would after tabbing to it. */
  async press(key: string): Promise<void> {
    await this.table.focus();
    await this.table.press(key);
  }

  /** Scrolls the table to a fraction (0..1) of its height, as dragging the scrollbar would. */
  async scrollTo(fraction: number): Promise<void> {
    // Resolves two frames later, once the table has rendered the rows of the new position.
    await this.table.locator('.table-body').evaluate(
      (element, share) =>
        new Promise<void>((resolve) => {
          element.scrollTop = (element.scrollHeight - element.clientHeight) * share;
          const scope = globalThis as unknown as { requestAnimationFrame(fn: () => void): void };
          scope.requestAnimationFrame(() => scope.requestAnimationFrame(() => resolve()));
        }),
      fraction,
    );
    await this.waitForRows();
  }

  async chooseTypes(msgtypes: string[]): Promise<void> {
    const picker = this.page.getByTestId(`${this.prefix}-filter-types`);
    await picker.locator('summary').click();
    for (const type of msgtypes)
      await picker.getByTestId(`${this.prefix}-filter-types-${type}`).check();
    await picker.locator('summary').click();
  }

  /** The count shown beside a type in the type picker. */
  async typeCount(msgtype: string): Promise<number> {
    const picker = this.page.getByTestId(`${this.prefix}-filter-types`);
    await picker.locator('summary').click();
    const item = picker.getByTestId(`${this.prefix}-filter-types-${msgtype}`).locator('..');
    const text = await item.locator('.chip-count').innerText();
    await picker.locator('summary').click();
    return parseCount(text);
  }

  async toggleStatus(status: Status): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-filter-status-${status}`).click();
  }

  async statusCount(status: Status): Promise<number> {
    const chip = this.page.getByTestId(`${this.prefix}-filter-status-${status}`);
    return parseCount(await chip.locator('.chip-count').innerText());
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-filter-text`).fill(text);
  }

  async setSender(sender: string): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-filter-sender`).fill(sender);
  }

  async setRoom(room: string): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-filter-room`).fill(room);
  }

  /** Values as `YYYY-MM-DDTHH:mm[:ss]` in the browser's zone; '' leaves a bound open. */
  async setTimeRange(from: string, to: string): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-filter-from`).fill(from);
    await this.page.getByTestId(`${this.prefix}-filter-to`).fill(to);
  }

  async setWithProblems(on: boolean): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-filter-with-problems`).setChecked(on);
  }

  async setMediaOnly(on: boolean): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-filter-media-only`).setChecked(on);
  }

  async clearFilters(): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-filter-clear`).click();
  }

  /** Suggestions the sender or room box offers for what is typed. */
  async suggestions(field: 'sender' | 'room'): Promise<string[]> {
    const input = this.page.getByTestId(`${this.prefix}-filter-${field}`);
    const list = await input.getAttribute('list');
    const options = this.page.locator(`datalist[id="${list}"] option`);
    // Suggestions arrive a moment after typing; no suggestion at all is a valid answer too.
    await options
      .first()
      .waitFor({ state: 'attached', timeout: 2_000 })
      .catch(() => undefined);
    return options.evaluateAll((options) =>
      options.map((option) => option.getAttribute('value') ?? ''),
    );
  }

  async selectWholeResult(): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-selection-select-all`).click();
  }

  async clearSelection(): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-selection-clear`).click();
  }

  async selectedCount(): Promise<number> {
    return parseCount(await this.page.getByTestId(`${this.prefix}-selection-count`).innerText());
  }

  async sortByTime(): Promise<void> {
    await this.page.getByTestId(`${this.prefix}-table-sort-time`).click();
  }

  /** The text of one column in every rendered row, top to bottom. */
  async columnTexts(
    column: 'time' | 'type' | 'sender' | 'room' | 'preview' | 'status',
  ): Promise<string[]> {
    await this.waitForRows();
    return this.rows.evaluateAll(
      (rows, name) =>
        rows.map((row) => row.querySelector(`.cell-${name}`)?.textContent?.trim() ?? ''),
      column,
    );
  }

  /** Opens the detail of the rendered row with this msgid. */
  async openDetailOf(msgid: string): Promise<void> {
    await this.rowByMsgid(msgid).click();
    await expect(this.detail.getByTestId(`${this.detailPrefix()}-msgid`)).toHaveText(msgid);
    await expect(this.detailPayload()).toBeVisible();
  }

  /** Ticks the checkbox of each rendered row with one of these msgids (adding to the selection). */
  async tick(msgids: string[]): Promise<void> {
    for (const msgid of msgids) await this.rowByMsgid(msgid).locator('.checkmark').click();
  }

  async openDetail(index: number): Promise<void> {
    await this.clickRow(index);
    await expect(this.detail.getByTestId(`${this.detailPrefix()}-payload`)).toBeVisible();
  }

  detailPayload(): Locator {
    return this.detail.getByTestId(`${this.detailPrefix()}-payload`);
  }

  detailOriginal(): Locator {
    return this.detail.getByTestId(`${this.detailPrefix()}-original`);
  }

  detailSource(): Locator {
    return this.detail.getByTestId(`${this.detailPrefix()}-source`);
  }

  detailProblems(): Locator {
    return this.detail.getByTestId(`${this.detailPrefix()}-problems`).locator('li');
  }

  async closeDetail(): Promise<void> {
    await this.detail.getByTestId(`${this.detailPrefix()}-close`).click();
  }

  emptyFilterState(): Locator {
    return this.page.getByTestId(`${this.prefix}-table-empty-filter`);
  }

  private detailPrefix(): string {
    return this.prefix === 'messages' ? 'message-detail' : 'failed-detail';
  }
}
