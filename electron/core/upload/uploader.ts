/**
 * Sends every eligible message to the SCRM in batches of at most 1000, oldest first, never
 * faster than the rate limit, and survives what networks and servers do:
 * - a batch is recorded as sending before its request leaves and settled in one transaction;
 *   batches a crash left in flight are sent again first;
 * - `fail_id_list` messages go back into the queue until they have had `maxAttempts`;
 * - rate-limit replies are waited out and cost no attempt;
 * - a refused access token is refreshed once; refused again, the run stops;
 * - a non-zero code is the SCRM's answer: one attempt for each message of the call;
 * - no answer (network errors, timeouts, cut-off or unreadable replies) says nothing about the
 *   messages: the same batch goes again and costs no attempt;
 * - failures back off exponentially with jitter, and after several in a row the run pauses
 *   and gives its batch back to the queue, rather than hammering an SCRM that is down.
 */
import type { Database } from 'better-sqlite3';

import type { BatchRow, UploadState } from '../../../shared/ipc/upload.js';
import { MAX_MESSAGES_PER_CALL } from '../../../shared/messages/schemas.js';
import type { Rate } from '../../../shared/settings.js';
import { createLogger } from '../logging/logger.js';
import { type OpenBatch, type QueuedMessage, UploadQueue } from '../store/upload-queue.js';
import { UploadRuns } from '../store/upload-runs.js';
import { backoffDelay, type BackoffPolicy, DEFAULT_BACKOFF } from './backoff.js';
import { batchDocument } from './batch-document.js';
import { RateLimiter, windowMs } from './rate-limiter.js';
import { TransportError, type UploadTransport } from './upload-transport.js';

const log = createLogger('upload');

/**
 * The API page sets no size limit; 5 MB of JSON (about 9 MB once encrypted and in base64) is
 * far above a typical 1000-message batch (~0.4 MB) and keeps one call's body reasonable.
 */
export const DEFAULT_MAX_BATCH_BYTES = 5 * 1024 * 1024;

/**
 * After this many unsuccessful calls in a row the run pauses: with backoff the streak lasts
 * about a minute, long enough to ride out a blip, short enough not to hammer a server that is
 * down.
 */
export const MAX_CONSECUTIVE_FAILURES = 5;

/**
 * Refusals of the access token in a row that stop the run: the first one is answered with a
 * fresh token, and a fresh token refused too means the credentials need the operator.
 */
export const MAX_TOKEN_REFUSALS = 2;

/** How far back the messages-per-minute figure looks. */
const SPEED_WINDOW_MS = 5 * 60_000;

export interface UploaderOptions {
  db: Database;
  transport: UploadTransport;
  rate: Rate;
  maxAttempts: number;
  includeMedia: boolean;
  cutoff: number | null;
  /** Send messages the cutoff keeps out too, in this run only (the operator confirmed the risk). */
  includeAfterCutoff?: boolean;
  maxMessagesPerBatch?: number;
  maxBatchBytes?: number;
  /** Stop after this many calls (the CLI's --limit). */
  maxCalls?: number;
  /** How long to wait after unsuccessful calls (tests shorten it). */
  backoff?: BackoffPolicy;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  onState?: (state: UploadState) => void;
  onBatch?: (batch: BatchRow) => void;
}

export interface RunResult {
  runId: number;
  calls: number;
  uploaded: number;
  failed: number;
  remaining: number;
  /** How the run ended. */
  ending: 'done' | 'cancelled' | 'call-limit' | 'paused-after-failures' | 'stopped';
  note: string | null;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class Uploader {
  private readonly queue: UploadQueue;
  private readonly runs: UploadRuns;
  private readonly limiter: RateLimiter;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly stopController = new AbortController();
  /** Aborted to wake a sleeping loop when pause or resume is asked for. */
  private wake = new AbortController();
  private paused = false;
  private cancelled = false;
  private readonly uploadsAt: Array<[number, number]> = [];
  private state: UploadState;
  private runId: number | null = null;

  constructor(private readonly options: UploaderOptions) {
    this.queue = new UploadQueue(options.db);
    this.runs = new UploadRuns(options.db);
    this.limiter = new RateLimiter(this.queue.callLog, options.rate);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.state = {
      phase: 'idle',
      runId: null,
      target: options.transport.target,
      total: 0,
      uploaded: 0,
      failed: 0,
      remaining: 0,
      calls: 0,
      callsInWindow: 0,
      rate: options.rate,
      nextCallAt: null,
      messagesPerMinute: 0,
      etaSeconds: null,
      note: null,
      error: null,
    };
  }

  get snapshot(): UploadState {
    return { ...this.state };
  }

  pause(): void {
    if (this.cancelled) return;
    this.paused = true;
    this.update({ phase: 'paused', note: null });
    this.wake.abort();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.update({ phase: 'running', note: null });
    this.wake.abort();
  }

  /** Stops after the call in flight (if any) is settled. */
  cancel(): void {
    this.cancelled = true;
    this.paused = false;
    this.update({ phase: 'stopping' });
    this.stopController.abort();
    this.wake.abort();
  }

  async run(): Promise<RunResult> {
    const { transport } = this.options;
    const runId = this.runs.start({
      now: this.now(),
      target: transport.target,
      baseUrl: transport.baseUrl,
      clientId: transport.clientId,
    });
    this.runId = runId;
    const resend: OpenBatch[] = this.queue.unsettled();
    if (resend.length) {
      log.warn('resending batches left in flight', { batches: resend.map((batch) => batch.id) });
      this.queue.callLog.completedLatest(this.now());
    }
    const inFlight = resend.reduce((sum, batch) => sum + batch.messages.length, 0);
    this.update({
      phase: 'running',
      runId,
      total:
        this.queue.readyCount(this.options.includeMedia, this.options.includeAfterCutoff) +
        inFlight,
      note: null,
      error: null,
    });

    let consecutiveFailures = 0;
    let tokenRefusals = 0;
    let backoffUntil = 0;
    let ending: RunResult['ending'] = 'done';
    let note: string | null = null;

    for (;;) {
      if (this.cancelled) {
        ending = 'cancelled';
        break;
      }
      if (this.paused) {
        await this.waitWhilePaused();
        continue;
      }
      if (this.options.maxCalls !== undefined && this.state.calls >= this.options.maxCalls) {
        ending = 'call-limit';
        break;
      }

      const pending = resend[0];
      const messages = pending ? pending.messages : this.nextMessages();
      if (messages.length === 0) {
        if (pending) {
          resend.shift();
          continue;
        }
        break;
      }

      const now = this.now();
      const readyAt = Math.max(this.limiter.nextAllowedAt(now), backoffUntil);
      if (readyAt > now) {
        this.update({ phase: 'waiting', nextCallAt: readyAt });
        await this.sleepInterruptibly(readyAt - now);
        continue;
      }

      try {
        await transport.prepare(this.stopController.signal);
      } catch (error) {
        if (this.cancelled) continue;
        const sentence = error instanceof Error ? error.message : String(error);
        if (error instanceof TransportError && error.fatal) {
          ending = 'stopped';
          note = sentence;
          break;
        }
        consecutiveFailures += 1;
        if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
          ending = 'paused-after-failures';
          note = pausedSentence(consecutiveFailures, sentence);
          break;
        }
        backoffUntil = this.now() + this.backoffDelay(consecutiveFailures);
        this.update({ note: sentence });
        continue;
      }

      // The batch is on record as sending before the request leaves.
      const sentAt = this.now();
      let batch: OpenBatch;
      const document = batchDocument(messages);
      if (pending) {
        Object.assign(pending, this.queue.resend(pending.id, runId, sentAt));
        batch = pending;
      } else {
        batch = this.queue.open(runId, messages, document.length, sentAt);
      }
      this.runs.add(runId, { calls: 1 });
      this.update({ phase: 'running', calls: this.state.calls + 1, nextCallAt: null });

      // The request itself is not aborted on cancel: its reply settles the batch.
      const outcome = await transport.send(document);
      const settledAt = this.now();
      if (batch.callId !== null) this.queue.callLog.completed(batch.callId, settledAt);
      log.info('call settled', {
        batchId: batch.id,
        size: batch.messages.length,
        bytes: document.length,
        outcome: outcome.kind,
        ...('code' in outcome ? { code: outcome.code } : {}),
        ...(outcome.kind === 'accepted' ? { failIds: outcome.failIds.length } : {}),
      });

      switch (outcome.kind) {
        case 'accepted': {
          const result = this.queue.settleAccepted({
            batchId: batch.id,
            failIds: outcome.failIds,
            code: outcome.code,
            msg: outcome.msg,
            now: settledAt,
            maxAttempts: this.options.maxAttempts,
            cutoff: this.options.cutoff,
          });
          if (pending) resend.shift();
          consecutiveFailures = 0;
          tokenRefusals = 0;
          backoffUntil = 0;
          this.recordUploads(settledAt, result.uploaded);
          this.runs.add(runId, { uploaded: result.uploaded, failed: result.failed });
          this.update({
            uploaded: this.state.uploaded + result.uploaded,
            failed: this.state.failed + result.failed,
            note: null,
          });
          break;
        }
        case 'rate-limited': {
          // Not the messages' fault: the same batch goes again once the wait is over.
          this.keepForResend(resend, pending, batch);
          const wait =
            outcome.retryAfterMs ??
            windowMs(this.limiter.currentRate) / this.limiter.currentRate.calls;
          backoffUntil = settledAt + wait;
          this.update({
            note: `The SCRM asked to slow down (${outcome.msg || 'rate limit'}); waiting ${Math.ceil(wait / 1000)} s.`,
          });
          break;
        }
        case 'token-rejected': {
          transport.invalidateToken();
          tokenRefusals += 1;
          this.keepForResend(resend, pending, batch);
          if (tokenRefusals >= MAX_TOKEN_REFUSALS) {
            ending = 'stopped';
            note = `The SCRM refused the access token ${tokenRefusals} times in a row, even freshly fetched (code ${outcome.code}: ${outcome.msg}). Check the clientId and clientSecret in Settings.`;
          }
          break;
        }
        case 'rejected': {
          // The SCRM answered no: that is one attempt for each message of the call, which goes
          // back to the queue (or fails once it has had maxAttempts), so that a batch the SCRM
          // always refuses cannot block the queue forever.
          if (pending) resend.shift();
          const reason = `The SCRM refused the call (code ${outcome.code}: ${outcome.msg || 'no message'}).`;
          const result = this.queue.settleRejected({
            batchId: batch.id,
            code: outcome.code,
            msg: outcome.msg,
            reason,
            now: settledAt,
            maxAttempts: this.options.maxAttempts,
            cutoff: this.options.cutoff,
          });
          consecutiveFailures += 1;
          backoffUntil = settledAt + this.backoffDelay(consecutiveFailures);
          this.runs.add(runId, { failed: result.failed });
          this.update({ failed: this.state.failed + result.failed, note: reason });
          if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
            ending = 'paused-after-failures';
            note = pausedSentence(consecutiveFailures, reason);
          }
          break;
        }
        case 'transient': {
          // No answer says nothing about the messages, and the SCRM may have kept them: the
          // same batch goes again after the backoff (the msgid makes a second copy harmless).
          const reason = `The call did not complete: ${outcome.reason}`;
          this.queue.noteFailedCall(batch.id, null, outcome.reason);
          this.keepForResend(resend, pending, batch);
          consecutiveFailures += 1;
          backoffUntil = settledAt + this.backoffDelay(consecutiveFailures);
          this.update({ note: reason });
          if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
            ending = 'paused-after-failures';
            note = pausedSentence(consecutiveFailures, reason);
          }
          break;
        }
      }
      const settled = this.queue.batch(batch.id);
      if (settled) this.options.onBatch?.(settled);
      if (note !== null) break;
    }

    // Batches still unsettled when the run stops go back to the queue, so that no message
    // shows as sending while nothing is sent. (A crash leaves them sending; the next run
    // sends them first.)
    for (const batch of resend) this.queue.release(batch.id, this.now(), this.options.cutoff);
    const remaining =
      this.queue.readyCount(this.options.includeMedia, this.options.includeAfterCutoff) +
      this.queue.statusCount('sending');
    if (ending === 'done' && this.state.failed > 0)
      note = `${this.state.failed} messages failed; see Failed to retry them.`;
    // A run cut short by its call limit still says why its last call failed, if it did.
    if (note === null && ending === 'call-limit') note = this.state.note;
    this.runs.finish(runId, ending, this.now(), note);
    this.limiter.prune(this.now());
    this.update({
      phase: 'idle',
      nextCallAt: null,
      remaining,
      note,
      error: ending === 'stopped' ? note : null,
      etaSeconds: null,
    });
    return {
      runId,
      calls: this.state.calls,
      uploaded: this.state.uploaded,
      failed: this.state.failed,
      remaining,
      ending,
      note,
    };
  }

  private backoffDelay(consecutiveFailures: number): number {
    return backoffDelay(consecutiveFailures, this.random, this.options.backoff ?? DEFAULT_BACKOFF);
  }

  private get batchSize(): number {
    return Math.min(
      this.options.maxMessagesPerBatch ?? MAX_MESSAGES_PER_CALL,
      MAX_MESSAGES_PER_CALL,
    );
  }

  private nextMessages(): QueuedMessage[] {
    return this.queue.nextBatch({
      includeAfterCutoff: this.options.includeAfterCutoff ?? false,
      maxMessages: this.batchSize,
      maxBytes: this.options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
      includeMedia: this.options.includeMedia,
    });
  }

  private keepForResend(
    resend: OpenBatch[],
    pending: OpenBatch | undefined,
    batch: OpenBatch,
  ): void {
    if (!pending) resend.unshift(batch);
  }

  private async waitWhilePaused(): Promise<void> {
    while (this.paused && !this.cancelled) await this.sleepInterruptibly(60_000);
  }

  private async sleepInterruptibly(ms: number): Promise<void> {
    if (this.wake.signal.aborted) this.wake = new AbortController();
    const signal = AbortSignal.any([this.wake.signal, this.stopController.signal]);
    await this.sleep(ms, signal);
    if (this.wake.signal.aborted) this.wake = new AbortController();
  }

  private recordUploads(at: number, count: number): void {
    this.uploadsAt.push([at, count]);
    while (this.uploadsAt.length && this.uploadsAt[0]![0] < at - SPEED_WINDOW_MS)
      this.uploadsAt.shift();
  }

  private update(patch: Partial<UploadState>): void {
    const now = this.now();
    const next = { ...this.state, ...patch };
    if (next.phase !== 'idle' || patch.remaining === undefined) {
      next.remaining =
        this.queue.readyCount(this.options.includeMedia, this.options.includeAfterCutoff) +
        this.queue.statusCount('sending');
    }
    next.callsInWindow = this.limiter.callsInWindow(now);
    next.messagesPerMinute = this.speed(now);
    next.etaSeconds = next.phase === 'idle' ? null : this.eta(next, now);
    this.state = next;
    this.options.onState?.(this.snapshot);
  }

  private speed(now: number): number {
    if (this.uploadsAt.length === 0) return 0;
    const since = Math.max(this.uploadsAt[0]![0], now - SPEED_WINDOW_MS);
    const first = this.uploadsAt[0]![0];
    const uploaded = this.uploadsAt.reduce((sum, [, count]) => sum + count, 0);
    // Until a minute has passed, measure over one window so the first batch does not read as infinite.
    const span = Math.max(
      now - Math.min(since, first),
      windowMs(this.limiter.currentRate) / this.limiter.currentRate.calls,
    );
    return Math.round((uploaded / span) * 60_000);
  }

  private eta(state: UploadState, now: number): number | null {
    if (state.remaining === 0) return 0;
    const rate = this.limiter.currentRate;
    const callsNeeded = Math.ceil(state.remaining / this.batchSize);
    const wait = state.nextCallAt ? Math.max(0, state.nextCallAt - now) : 0;
    return Math.round((wait + ((callsNeeded - 1) * windowMs(rate)) / rate.calls) / 1000);
  }

  get currentRunId(): number | null {
    return this.runId;
  }
}

function pausedSentence(count: number, reason: string): string {
  return `The upload stopped after ${count} unsuccessful calls in a row. Last: ${reason} Nothing is lost: start the upload again once the cause is fixed.`;
}
