/** The Import screen: choosing or dropping files, progress per file, and the summary. */
import { expect, type Locator, type Page } from '@playwright/test';

import { AppPage, parseCount } from './app-page.js';

export type Figure =
  | 'total'
  | 'valid'
  | 'invalid'
  | 'duplicates'
  | 'conflicts'
  | 'unsupported'
  | 'excluded'
  | 'warnings';

export class ImportPage {
  readonly app: AppPage;
  readonly dropZone: Locator;
  readonly chooseButton: Locator;
  readonly job: Locator;
  readonly files: Locator;
  readonly summary: Locator;
  readonly error: Locator;
  readonly outcome: Locator;
  readonly empty: Locator;
  readonly chart: Locator;
  readonly problemGroups: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.dropZone = page.getByTestId('import-drop-zone');
    this.chooseButton = page.getByTestId('import-choose');
    this.job = page.getByTestId('import-job');
    this.files = page.getByTestId('import-file');
    this.summary = page.getByTestId('import-summary');
    this.error = page.getByTestId('import-error');
    this.outcome = page.getByTestId('import-outcome');
    this.empty = page.getByTestId('import-empty');
    this.chart = page.getByTestId('import-chart');
    this.problemGroups = page.getByTestId('import-problem-group');
  }

  async open(): Promise<void> {
    await this.app.navigate('import');
  }

  /** Clicks "choose files"; what the file dialog returns is up to the test's main side. */
  async chooseFiles(): Promise<void> {
    await this.chooseButton.click();
  }

  /** How many imports this window has seen finish (done, cancelled or failed). */
  async finishedCount(): Promise<number> {
    return Number(
      await this.page
        .getByTestId('screen-import')
        .locator('section')
        .first()
        .getAttribute('data-finished'),
    );
  }

  /**
   * Runs `action` (choosing or dropping files) and waits until that import has finished and its
   * result is on screen, however fast or slow it was.
   */
  async importAndWait(action: () => Promise<void>, timeout = 120_000): Promise<void> {
    const before = await this.finishedCount();
    await action();
    await expect(this.page.locator(`section[data-finished="${before + 1}"]`)).toBeVisible({
      timeout,
    });
    await expect(this.summary.or(this.outcome).first()).toBeVisible({ timeout });
  }

  /**
   * Drops files on the drop zone as the operating system would. The page receives File objects
   * named as given; `window.archive.pathForFile` decides which paths they stand for.
   */
  async dropFiles(files: { name: string; content?: string }[]): Promise<void> {
    // Runs in the page; this file is type-checked without the DOM library, hence the casts.
    const dataTransfer = await this.page.evaluateHandle((items) => {
      const scope = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string) => unknown;
      };
      const transfer = new scope.DataTransfer();
      for (const item of items) transfer.items.add(new scope.File([item.content ?? ''], item.name));
      return transfer;
    }, files);
    await this.dropZone.dispatchEvent('dragenter', { dataTransfer });
    await this.dropZone.dispatchEvent('dragover', { dataTransfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer });
  }

  async cancel(): Promise<void> {
    await this.page.getByTestId('import-cancel').click();
  }

  /** Waits for a running import to end; prefer importAndWait, which cannot miss a fast one. */
  async waitForFinish(timeout = 60_000): Promise<void> {
    await expect(this.job).toHaveCount(0, { timeout });
    await expect(this.summary.or(this.outcome).first()).toBeVisible({ timeout });
  }

  async fileStates(): Promise<string[]> {
    return this.files.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-state') ?? ''),
    );
  }

  async figure(name: Figure): Promise<number> {
    return parseCount(
      await this.page.getByTestId(`import-figure-${name}`).locator('dd').innerText(),
    );
  }

  /** Count per type name as shown ("文本" / "Text"). */
  async countsByType(): Promise<Record<string, number>> {
    const rows = this.page.getByTestId('import-by-type').locator('.bar-row');
    const entries = await rows.evaluateAll((items) =>
      items.map((item) => [
        item.querySelector('.bar-label')?.textContent ?? '',
        item.querySelector('.bar-value')?.textContent ?? '',
      ]),
    );
    return Object.fromEntries(entries.map(([name, value]) => [name, parseCount(value ?? '')]));
  }

  timeRange(): Locator {
    return this.page.getByTestId('import-range');
  }

  /** Opens a problem group to show its located samples ("file, line N"). */
  async expandProblemGroup(index: number): Promise<Locator> {
    const group = this.problemGroups.nth(index);
    await group.locator('summary').click();
    return group.locator('.samples li');
  }

  async viewMessages(): Promise<void> {
    await this.summary.getByRole('button').first().click();
  }
}
