/** The Upload screen: eligibility, the cutoff, the run's controls, its numbers and batch log. */
import { expect, type Locator, type Page } from '@playwright/test';

import { AppPage, parseCount } from './app-page.js';

export type Phase = 'idle' | 'running' | 'waiting' | 'paused' | 'stopping';

export class UploadPage {
  readonly app: AppPage;
  readonly target: Locator;
  readonly eligible: Locator;
  readonly cutoff: Locator;
  readonly phaseLabel: Locator;
  readonly progressBar: Locator;
  readonly progressText: Locator;
  readonly countdown: Locator;
  readonly eta: Locator;
  readonly rate: Locator;
  readonly callsInWindow: Locator;
  readonly batches: Locator;
  readonly error: Locator;
  readonly nothing: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.target = page.getByTestId('upload-target');
    this.eligible = page.getByTestId('upload-eligible-count');
    this.cutoff = page.getByTestId('upload-cutoff');
    this.phaseLabel = page.getByTestId('upload-phase');
    this.progressBar = page.getByTestId('upload-progress');
    this.progressText = page.getByTestId('upload-progress-text');
    this.countdown = page.getByTestId('upload-countdown');
    this.eta = page.getByTestId('upload-eta');
    this.rate = page.getByTestId('upload-rate');
    this.callsInWindow = page.getByTestId('upload-calls-window');
    this.batches = page.getByTestId('upload-batch');
    this.error = page.getByTestId('upload-error');
    this.nothing = page.getByTestId('upload-nothing');
    this.confirmDialog = page.getByTestId('upload-confirm-cutoff');
  }

  async open(): Promise<void> {
    await this.app.navigate('upload');
    await expect(this.eligible).not.toHaveText('…');
  }

  async eligibleCount(): Promise<number> {
    return parseCount(await this.eligible.innerText());
  }

  async afterCutoffCount(): Promise<number> {
    return parseCount(await this.page.getByTestId('upload-after-cutoff').innerText());
  }

  async isSandboxLabelled(): Promise<boolean> {
    return (await this.target.getAttribute('data-target')) === 'sandbox';
  }

  async start(): Promise<void> {
    await this.page.getByTestId('upload-start').click();
  }

  /** Ticks "also upload messages after the cutoff", starts, and confirms the risk. */
  async startIncludingAfterCutoff(): Promise<void> {
    await this.page.getByTestId('upload-include-after-cutoff').check();
    await this.start();
    await expect(this.confirmDialog).toBeVisible();
    await this.page.getByTestId('upload-confirm-cutoff-check').check();
    await this.page.getByTestId('upload-confirm-cutoff-confirm').click();
    await expect(this.confirmDialog).toHaveCount(0);
  }

  async pause(): Promise<void> {
    await this.page.getByTestId('upload-pause').click();
  }

  async resume(): Promise<void> {
    await this.page.getByTestId('upload-resume').click();
  }

  async stop(): Promise<void> {
    await this.page.getByTestId('upload-cancel').click();
  }

  async phase(): Promise<Phase> {
    return (await this.phaseLabel.getAttribute('class'))?.match(/phase-(\w+)/)?.[1] as Phase;
  }

  async waitForPhase(phase: Phase, timeout = 30_000): Promise<void> {
    await expect(this.phaseLabel).toHaveClass(new RegExp(`phase-${phase}`), { timeout });
  }

  /**
   * Waits until a run that was started has sent everything it could: `done` messages are
   * uploaded or failed and the phase is idle again. (The phase alone cannot tell: it is idle
   * before a run starts, too.)
   */
  async waitForRunOf(done: number, timeout = 60_000): Promise<void> {
    await expect
      .poll(
        async () => {
          const [uploaded, failed, remaining] = await this.progressCounts();
          return uploaded + failed === done && remaining === 0;
        },
        { timeout },
      )
      .toBe(true);
    await this.waitForPhase('idle', timeout);
  }

  /** The progress bar's value in percent. */
  async progress(): Promise<number> {
    return Number(await this.progressBar.getAttribute('aria-valuenow'));
  }

  /** [uploaded, failed, remaining] from the line under the progress bar. */
  async progressCounts(): Promise<[number, number, number]> {
    const numbers = (await this.progressText.innerText()).match(/[\d,]+/g) ?? [];
    const [uploaded, failed, remaining] = numbers.map((text) => parseCount(text));
    return [uploaded ?? 0, failed ?? 0, remaining ?? 0];
  }

  /** The seconds shown until the next call, 0 for "now", null when unknown. */
  async secondsToNextCall(): Promise<number | null> {
    const text = await this.countdown.innerText();
    if (text.trim() === '—') return null;
    const minutes = /(\d+)\s*(?:min|分)/.exec(text);
    const seconds = /(\d+)\s*(?:s|秒)/.exec(text);
    if (!minutes && !seconds) return 0;
    return Number(minutes?.[1] ?? 0) * 60 + Number(seconds?.[1] ?? 0);
  }

  async batchCount(): Promise<number> {
    return this.batches.count();
  }

  /** The log's rows, newest first, with their state, code and reply. */
  async batchRows(): Promise<{ state: string; code: string; msg: string; failIds: string }[]> {
    return this.batches.evaluateAll((rows) =>
      rows.map((row) => {
        const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
        return {
          state: row.getAttribute('data-state') ?? '',
          code: cells[4] ?? '',
          msg: cells[5] ?? '',
          failIds: cells[6] ?? '',
        };
      }),
    );
  }
}
