/**
 * Everything the window and the CLI can ask of the app, in one Electron-free object: it owns
 * the store (and its lock), runs imports and uploads as jobs, and announces what changed.
 * The IPC handlers and the CLI are thin layers over it.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import path from 'node:path';

import type { Database } from 'better-sqlite3';

import type { ImportProgress, ImportSummary } from '../../../shared/ipc/imports.js';
import type {
  Facets,
  MessageDetail,
  MessageFilter,
  MessageRow,
  Selection,
} from '../../../shared/ipc/messages.js';
import {
  type PublicSettings,
  type SecretName,
  secretNames as SECRET_NAMES,
  type SettingsView,
} from '../../../shared/ipc/settings.js';
import type { BatchRow, UploadState } from '../../../shared/ipc/upload.js';
import {
  type Credentials,
  credentialsSchema,
  DEFAULT_RATE,
  ENCODING_AES_KEY_PATTERN,
  type Rate,
} from '../../../shared/settings.js';
import { TokenError, UnsafeBaseUrlError } from '../api/api-errors.js';
import { checkBaseUrl, isLoopbackHost } from '../api/base-url.js';
import { createTokenClient } from '../api/token-client.js';
import { startJob, type JobHandle } from '../jobs/job-host.js';
import type { ExportJobParams, FileOutcome, UploadOutcomeSummary } from '../jobs/job-protocol.js';
import { createLogger, logFilePath } from '../logging/logger.js';
import { startSandbox, type Sandbox } from '../sandbox/sandbox.js';
import { openDatabase } from '../store/database.js';
import { ImportsRepo, toImportRecord } from '../store/imports-repo.js';
import { MessageBrowser } from '../store/message-browser.js';
import { MessageChoices } from '../store/message-choices.js';
import { SettingsRepo } from '../store/settings-repo.js';
import { acquireStoreLock, type StoreLock } from '../store/store-lock.js';
import { registerTextFunctions } from '../store/text-functions.js';
import { UploadQueue } from '../store/upload-queue.js';
import { UploadRuns, type UploadRunRow } from '../store/upload-runs.js';
import { MEDIA_MSGTYPES_SQL } from '../store/status-rules.js';
import { windowMs } from '../upload/rate-limiter.js';
import { importSummary } from './import-summary.js';
import { type SecretStore, SessionSecretStore } from './secret-store.js';

const log = createLogger('service');

export class ServiceError extends Error {
  constructor(
    readonly code: 'busy' | 'not_found' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export interface ServiceEvents {
  'import:progress': [ImportProgress];
  'import:done': [ImportDone];
  'upload:state': [UploadState];
  'upload:batch': [BatchRow];
  'store:changed': [{ reason: 'import' | 'upload' | 'choice' | 'retry' | 'settings' }];
}

type ImportDone = {
  jobId: string;
  state: 'done' | 'cancelled' | 'failed';
  error: string | null;
  summary: ImportSummary | null;
};

export interface ServiceOptions {
  dbPath: string;
  version: string;
  development?: boolean;
  /** Bundled job-worker.js; without it jobs run in this thread (CLI, unit tests). */
  workerUrl?: URL | null;
  /** Where secrets live; builds on the store's settings (the desktop app's keyring store). */
  secretStore?: (settings: SettingsRepo) => SecretStore;
  nativeBinding?: string;
  /** Where the built-in sandbox keeps what it accepted. */
  sandboxDataFile?: string | null;
  /** The sandbox's own rate limit (defaults to the API's 10 calls a minute). */
  sandboxRate?: Rate;
  /** Refuse to upload until the operator set the cutoff or said there is none. */
  requireCutoffDecision?: boolean;
  utcOffsetMinutes?: () => number;
}

export interface StartUploadOptions {
  includeAfterCutoff?: boolean;
  /** Credentials from the CLI; the app uses its settings and secrets. */
  credentials?: Credentials;
  rate?: Rate;
  maxCalls?: number;
}

export class ArchiveService {
  readonly events = new EventEmitter<ServiceEvents>();
  readonly db: Database;
  private readonly lock: StoreLock;
  private readonly settings: SettingsRepo;
  private readonly browser: MessageBrowser;
  private readonly choices: MessageChoices;
  private readonly imports: ImportsRepo;
  private readonly queue: UploadQueue;
  private readonly runs: UploadRuns;
  readonly secrets: SecretStore;
  private importJob: JobHandle | null = null;
  private uploadJob: JobHandle | null = null;
  private uploadStarting = false;
  private uploadState: UploadState | null = null;
  private sandbox: Sandbox | null = null;
  private sandboxStarting: Promise<Sandbox> | null = null;

  private constructor(
    private readonly options: ServiceOptions,
    lock: StoreLock,
    db: Database,
  ) {
    this.lock = lock;
    this.db = db;
    registerTextFunctions(db);
    this.settings = new SettingsRepo(db);
    this.browser = new MessageBrowser(db);
    this.choices = new MessageChoices(db);
    this.imports = new ImportsRepo(db);
    this.queue = new UploadQueue(db);
    this.runs = new UploadRuns(db);
    this.secrets = options.secretStore?.(this.settings) ?? new SessionSecretStore();
  }

  /** Opens the store, taking its lock; throws a StoreError with a sentence when it cannot. */
  static open(options: ServiceOptions): ArchiveService {
    const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
    const lock = acquireStoreLock(options.dbPath, binding);
    let db: Database;
    try {
      db = openDatabase(options.dbPath, binding);
    } catch (error) {
      lock.release();
      throw error;
    }
    const service = new ArchiveService(options, lock, db);
    const interrupted = service.imports.markInterrupted();
    service.runs.markInterrupted(Date.now());
    if (interrupted) log.warn('imports were interrupted and can be resumed', { interrupted });
    return service;
  }

  async close(): Promise<void> {
    this.importJob?.send({ type: 'cancel' });
    this.uploadJob?.send({ type: 'cancel' });
    await Promise.allSettled([this.importJob?.done, this.uploadJob?.done]);
    await this.sandbox?.close();
    this.db.close();
    this.lock.release();
  }

  // -- app ---------------------------------------------------------------------------------

  async info() {
    const settings = this.settings.getPublic();
    const target = await this.describeTarget(settings);
    return {
      version: this.options.version,
      dataDir: path.dirname(path.resolve(this.options.dbPath)),
      dbPath: path.resolve(this.options.dbPath),
      logFile: logFilePath(),
      target,
      development: this.options.development ?? false,
    };
  }

  private async describeTarget(settings: PublicSettings) {
    if (settings.useSandbox) {
      const sandbox = await this.ensureSandbox();
      return {
        kind: 'sandbox' as const,
        baseUrl: sandbox.url,
        clientId: sandbox.credentials.clientId,
      };
    }
    return { kind: 'production' as const, baseUrl: settings.baseUrl, clientId: settings.clientId };
  }

  async ensureSandbox(): Promise<Sandbox> {
    if (this.sandbox) return this.sandbox;
    this.sandboxStarting ??= startSandbox({
      ...(this.options.sandboxRate ? { rate: this.options.sandboxRate } : {}),
      ...(this.options.sandboxDataFile ? { dataFile: this.options.sandboxDataFile } : {}),
    }).then((sandbox) => {
      this.sandbox = sandbox;
      return sandbox;
    });
    return this.sandboxStarting;
  }

  private bindingParam(): { nativeBinding?: string } {
    return this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {};
  }

  // -- imports -----------------------------------------------------------------------------

  startImport(paths: string[]): string {
    if (this.importJob)
      throw new ServiceError(
        'busy',
        'An import is already running; wait for it or cancel it first.',
      );
    const jobId = randomUUID();
    const cutoff = this.settings.getPublic().cutoff;
    const job = startJob(
      {
        kind: 'import',
        jobId,
        dbPath: this.options.dbPath,
        files: paths.map((file) => path.resolve(file)),
        cutoff,
        logDir: logDirOf(),
        ...this.bindingParam(),
      },
      { workerUrl: this.options.workerUrl ?? null },
    );
    this.importJob = job;
    job.events.on('event', (event) => {
      if (event.type === 'import-progress') this.events.emit('import:progress', event.progress);
      if (event.type === 'import-file-done')
        this.events.emit('store:changed', { reason: 'import' });
    });
    job.done
      .then((result) => {
        const files = result.files ?? [];
        const ids = files.flatMap((file) => (file.importId === null ? [] : [file.importId]));
        const state = files.some((file) => file.state === 'cancelled') ? 'cancelled' : 'done';
        const errors = files.filter((file) => file.error).map((file) => file.error);
        this.events.emit('import:done', {
          jobId,
          state,
          error: errors.length ? errors.join(' ') : null,
          summary: ids.length ? this.importSummary(ids) : null,
        });
      })
      .catch((error: unknown) => {
        log.error('import job failed', { error });
        this.events.emit('import:done', {
          jobId,
          state: 'failed',
          error: sentenceOf(error),
          summary: null,
        });
      })
      .finally(() => {
        this.importJob = null;
        this.events.emit('store:changed', { reason: 'import' });
      });
    return jobId;
  }

  /** Runs an import to its end (the CLI); reports progress through the events too. */
  async importAndWait(paths: string[]): Promise<FileOutcome[]> {
    this.startImport(paths);
    const job = this.importJob!;
    const result = await job.done;
    return result.files ?? [];
  }

  cancelImport(jobId: string): void {
    if (!this.importJob || this.importJob.params.jobId !== jobId) {
      throw new ServiceError('not_found', 'That import is no longer running.');
    }
    this.importJob.send({ type: 'cancel' });
  }

  get importRunning(): boolean {
    return this.importJob !== null;
  }

  importSummary(importIds: number[], utcOffsetMinutes?: number): ImportSummary {
    return importSummary(
      this.db,
      importIds,
      utcOffsetMinutes ?? this.options.utcOffsetMinutes?.() ?? 0,
    );
  }

  listImports(offset: number, limit: number) {
    return this.imports.list(offset, limit);
  }

  importRecord(id: number) {
    const row = this.imports.get(id);
    return row ? toImportRecord(row) : null;
  }

  // -- browsing ----------------------------------------------------------------------------

  queryMessages(
    filter: MessageFilter,
    order: 'newest' | 'oldest',
    offset: number,
    limit: number,
  ): MessageRow[] {
    return this.browser.page(filter, order, offset, limit);
  }

  countMessages(filter: MessageFilter): number {
    return this.browser.count(filter);
  }

  facets(filter: MessageFilter): Facets {
    return this.browser.facets(filter);
  }

  distinct(field: 'sender' | 'room', prefix: string, limit: number): string[] {
    return this.browser.distinct(field, prefix, limit);
  }

  detail(id: number): MessageDetail {
    const detail = this.browser.detail(id);
    if (!detail) throw new ServiceError('not_found', 'That message is no longer in the store.');
    return detail;
  }

  setChoice(selection: Selection, choice: 'include' | 'exclude' | 'default'): number {
    const changed = this.choices.setChoice(selection, choice, this.settings.getPublic().cutoff);
    this.events.emit('store:changed', { reason: 'choice' });
    return changed;
  }

  // -- upload ------------------------------------------------------------------------------

  eligible(includeAfterCutoff: boolean) {
    const settings = this.settings.getPublic();
    const ready = this.queue.readyCount(settings.includeMedia);
    const media = this.db
      .prepare(
        `SELECT coalesce(sum(n), 0) FROM message_counts WHERE status = 'ready' AND msgtype IN ${MEDIA_MSGTYPES_SQL}`,
      )
      .pluck()
      .get() as number;
    const afterCutoff =
      settings.cutoff === null
        ? 0
        : (this.db
            .prepare(
              "SELECT count(*) FROM messages WHERE status = 'excluded' AND choice IS NULL AND id >= ?",
            )
            .pluck()
            .get(settings.cutoff * 2048) as number);
    return {
      eligible: ready + (includeAfterCutoff ? afterCutoff : 0) + this.queue.statusCount('sending'),
      media,
      cutoff: settings.cutoff,
      afterCutoff,
    };
  }

  async startUpload(options: StartUploadOptions = {}): Promise<UploadState> {
    // Checked and claimed before the first await: two requests at once must not both start.
    if (this.uploadJob || this.uploadStarting) {
      throw new ServiceError('busy', 'An upload is already running.');
    }
    this.uploadStarting = true;
    try {
      return await this.startUploadJob(options);
    } finally {
      this.uploadStarting = false;
    }
  }

  private async startUploadJob(options: StartUploadOptions): Promise<UploadState> {
    const settings = this.settings.getPublic();
    if (
      this.options.requireCutoffDecision &&
      settings.cutoff === null &&
      !settings.cutoffConfirmedNone
    ) {
      throw new ServiceError(
        'failed',
        "Set the moment Dustess's own archive sync was switched on (or confirm it never was) in Settings before uploading: messages from after it must not be uploaded.",
      );
    }
    const { credentials, target } = await this.resolveCredentials(options.credentials);
    const rate = options.rate ?? settings.rate;
    if (!isLoopbackUrl(credentials.baseUrl) && exceedsApiLimit(rate)) {
      throw new ServiceError(
        'failed',
        `The SCRM allows at most ${DEFAULT_RATE.calls} calls every ${DEFAULT_RATE.windowSeconds} seconds; set a rate at or below that.`,
      );
    }
    const jobId = randomUUID();
    const job = startJob(
      {
        kind: 'upload',
        jobId,
        dbPath: this.options.dbPath,
        credentials,
        target,
        rate,
        maxAttempts: settings.maxAttempts,
        includeMedia: settings.includeMedia,
        cutoff: settings.cutoff,
        ...(options.includeAfterCutoff ? { includeAfterCutoff: true } : {}),
        ...(options.maxCalls !== undefined ? { maxCalls: options.maxCalls } : {}),
        logDir: logDirOf(),
        ...this.bindingParam(),
      },
      { workerUrl: this.options.workerUrl ?? null },
    );
    this.uploadJob = job;
    job.events.on('event', (event) => {
      if (event.type === 'upload-state') {
        this.uploadState = event.state;
        this.events.emit('upload:state', event.state);
      } else if (event.type === 'upload-batch') {
        this.events.emit('upload:batch', event.batch);
        this.events.emit('store:changed', { reason: 'upload' });
      }
    });
    job.done
      .catch((error: unknown) => {
        log.error('upload job failed', { error });
        const state = {
          ...this.uploadStateNow(),
          phase: 'idle' as const,
          error: sentenceOf(error),
        };
        this.uploadState = state;
        this.events.emit('upload:state', state);
      })
      .finally(() => {
        this.uploadJob = null;
        this.events.emit('store:changed', { reason: 'upload' });
      });
    return this.uploadStateNow();
  }

  /** Runs an upload to its end (the CLI). */
  async uploadAndWait(options: StartUploadOptions = {}): Promise<UploadOutcomeSummary> {
    await this.startUpload(options);
    const result = await this.uploadJob!.done;
    return result.upload!;
  }

  pauseUpload(): UploadState {
    this.uploadJob?.send({ type: 'pause' });
    return this.uploadStateNow();
  }

  resumeUpload(): UploadState {
    this.uploadJob?.send({ type: 'resume' });
    return this.uploadStateNow();
  }

  cancelUpload(): UploadState {
    this.uploadJob?.send({ type: 'cancel' });
    return this.uploadStateNow();
  }

  uploadStateNow(): UploadState {
    if (this.uploadState && this.uploadJob) return this.uploadState;
    const settings = this.settings.getPublic();
    const remaining =
      this.queue.readyCount(settings.includeMedia) + this.queue.statusCount('sending');
    return {
      phase: 'idle',
      runId: this.uploadState?.runId ?? null,
      target: settings.useSandbox ? 'sandbox' : 'production',
      total: this.uploadState?.total ?? 0,
      uploaded: this.uploadState?.uploaded ?? 0,
      failed: this.uploadState?.failed ?? 0,
      remaining,
      calls: this.uploadState?.calls ?? 0,
      callsInWindow: this.queue.callLog.countSince(Date.now() - windowMs(settings.rate)),
      rate: settings.rate,
      nextCallAt: null,
      messagesPerMinute: 0,
      etaSeconds: null,
      note: this.uploadState?.note ?? null,
      error: this.uploadState?.error ?? null,
    };
  }

  batches(offset: number, limit: number, runId?: number): BatchRow[] {
    return this.queue.batches(offset, limit, runId);
  }

  uploadRuns(): UploadRunRow[] {
    return this.runs.list();
  }

  failedGroups() {
    const rows = this.db
      .prepare(
        `SELECT coalesce(last_error, 'Unknown reason') AS reason, msgtype, count(*) AS n FROM messages
         WHERE status = 'failed' GROUP BY 1, 2 ORDER BY 1`,
      )
      .all() as { reason: string; msgtype: string; n: number }[];
    const groups = new Map<
      string,
      { reason: string; count: number; msgtypes: Record<string, number> }
    >();
    for (const row of rows) {
      const group = groups.get(row.reason) ?? { reason: row.reason, count: 0, msgtypes: {} };
      group.count += row.n;
      group.msgtypes[row.msgtype] = row.n;
      groups.set(row.reason, group);
    }
    const list = [...groups.values()].sort((a, b) => b.count - a.count);
    return { groups: list, total: list.reduce((sum, group) => sum + group.count, 0) };
  }

  retry(
    target: { all: true } | { ids: number[] } | { reason: string } | { filter: MessageFilter },
  ): number {
    const changed = this.choices.retry(target, this.settings.getPublic().cutoff);
    this.events.emit('store:changed', { reason: 'retry' });
    return changed;
  }

  /** Writes messages to a file in a job, so that a large export does not hold up the window. */
  async exportMessages(
    filter: MessageFilter,
    format: 'jsonl' | 'csv',
    file: string,
  ): Promise<number> {
    return this.runExport({ messages: filter, format }, file);
  }

  async exportReport(format: 'csv' | 'json', file: string): Promise<number> {
    return this.runExport({ report: format }, file);
  }

  private async runExport(what: ExportJobParams['what'], file: string): Promise<number> {
    const job = startJob(
      {
        kind: 'export',
        jobId: randomUUID(),
        dbPath: this.options.dbPath,
        what,
        file,
        logDir: logDirOf(),
        ...this.bindingParam(),
      },
      { workerUrl: this.options.workerUrl ?? null },
    );
    return (await job.done).exported ?? 0;
  }

  // -- settings ----------------------------------------------------------------------------

  publicSettings(): PublicSettings {
    return this.settings.getPublic();
  }

  settingsView(): SettingsView {
    return {
      settings: this.settings.getPublic(),
      secretsSet: {
        clientSecret: this.secrets.get('clientSecret') !== null,
        token: this.secrets.get('token') !== null,
        encodingAesKey: this.secrets.get('encodingAesKey') !== null,
      },
      secretStorage: this.secrets.storage(),
      keyring: this.secrets.keyring(),
    };
  }

  saveSettings(input: {
    settings: Partial<PublicSettings>;
    secrets?: Partial<Record<SecretName, string>>;
    secretStorage?: 'keyring' | 'session' | 'plain';
  }): SettingsView {
    const before = this.settings.getPublic();
    if (input.settings.baseUrl !== undefined && input.settings.baseUrl !== before.baseUrl) {
      try {
        checkBaseUrl(input.settings.baseUrl);
      } catch (error) {
        if (error instanceof UnsafeBaseUrlError) throw new ServiceError('failed', error.message);
        throw error;
      }
    }
    if (
      input.secrets?.encodingAesKey &&
      !ENCODING_AES_KEY_PATTERN.test(input.secrets.encodingAesKey)
    ) {
      throw new ServiceError(
        'failed',
        'The EncodingAESKey must be exactly 43 characters of letters, digits, + and /.',
      );
    }
    if (
      this.uploadJob &&
      input.settings.cutoff !== undefined &&
      input.settings.cutoff !== before.cutoff
    ) {
      throw new ServiceError(
        'busy',
        'The cutoff cannot change while an upload runs; pause and cancel it first.',
      );
    }
    if (input.secretStorage) {
      try {
        this.secrets.setStorage(input.secretStorage);
      } catch (error) {
        throw new ServiceError('failed', sentenceOf(error));
      }
    }
    const next = this.settings.updatePublic(input.settings);
    if (next.baseUrl !== before.baseUrl) {
      // Secrets belong to the SCRM they were given for: a new address gets none of them until
      // they are entered again, so that a changed address (or a compromised window) cannot
      // carry the clientSecret to another host.
      for (const name of SECRET_NAMES) {
        if (input.secrets?.[name] === undefined) this.secrets.set(name, null);
      }
    }
    for (const [name, value] of Object.entries(input.secrets ?? {}) as [SecretName, string][]) {
      this.secrets.set(name, value === '' ? null : value);
    }
    if (next.cutoff !== before.cutoff) this.choices.applyCutoff(next.cutoff);
    this.events.emit('store:changed', { reason: 'settings' });
    return this.settingsView();
  }

  /** Fetches a token with the current settings: proves the clientId and clientSecret work. */
  async testConnection(): Promise<{ ok: boolean; message: string; expiresAt: number | null }> {
    let credentials: Credentials;
    try {
      credentials = (await this.resolveCredentials()).credentials;
    } catch (error) {
      return { ok: false, message: sentenceOf(error), expiresAt: null };
    }
    try {
      const client = createTokenClient({
        baseUrl: credentials.baseUrl,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
      });
      await client.getToken();
      return {
        ok: true,
        message: `Connected to ${credentials.baseUrl}: the SCRM issued an access token.`,
        expiresAt: client.expiresAt(),
      };
    } catch (error) {
      return {
        ok: false,
        message: error instanceof TokenError ? error.message : sentenceOf(error),
        expiresAt: null,
      };
    }
  }

  private async resolveCredentials(
    given?: Credentials,
  ): Promise<{ credentials: Credentials; target: 'sandbox' | 'production' }> {
    if (given) return { credentials: given, target: 'production' };
    const settings = this.settings.getPublic();
    if (settings.useSandbox) {
      const sandbox = await this.ensureSandbox();
      return { credentials: sandbox.credentials, target: 'sandbox' };
    }
    const candidate = {
      baseUrl: settings.baseUrl,
      clientId: settings.clientId,
      receiveId: settings.receiveId,
      clientSecret: this.secrets.get('clientSecret') ?? '',
      token: this.secrets.get('token') ?? '',
      encodingAesKey: this.secrets.get('encodingAesKey') ?? '',
    };
    const parsed = credentialsSchema.safeParse(candidate);
    if (!parsed.success) {
      const missing = parsed.error.issues.map((issue) => String(issue.path[0])).join(', ');
      throw new ServiceError(
        'failed',
        `Settings are incomplete (${missing}); fill them in, or switch the sandbox on.`,
      );
    }
    return { credentials: parsed.data, target: 'production' };
  }
}

function logDirOf(): string | null {
  const file = logFilePath();
  return file ? path.dirname(file) : null;
}

export function sentenceOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Faster than the upload API's documented limit (10 calls a minute). */
function exceedsApiLimit(rate: Rate): boolean {
  return rate.calls / rate.windowSeconds > DEFAULT_RATE.calls / DEFAULT_RATE.windowSeconds;
}

function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
