/**
 * Messages between the process that owns the window (or the CLI) and a job running in a
 * worker thread. Everything here is structured-clone safe and free of secrets except the
 * upload job's credentials, which travel once, in memory, at its start.
 */
import type { ImportProgress } from '../../../shared/ipc/imports.js';
import type { MessageFilter } from '../../../shared/ipc/messages.js';
import type { BatchRow, UploadState } from '../../../shared/ipc/upload.js';
import type { Credentials, Rate } from '../../../shared/settings.js';
import type { ImportCounters } from '../store/imports-repo.js';
import type { RunResult } from '../upload/uploader.js';

export interface ImportJobParams {
  kind: 'import';
  jobId: string;
  dbPath: string;
  files: string[];
  cutoff: number | null;
  nativeBinding?: string;
  logDir?: string | null;
}

export interface UploadJobParams {
  kind: 'upload';
  jobId: string;
  dbPath: string;
  credentials: Credentials;
  target: 'sandbox' | 'production';
  rate: Rate;
  maxAttempts: number;
  includeMedia: boolean;
  cutoff: number | null;
  includeAfterCutoff?: boolean;
  maxCalls?: number;
  nativeBinding?: string;
  logDir?: string | null;
}

/** Writing an export file: a million rows take seconds, which the window must not wait on. */
export interface ExportJobParams {
  kind: 'export';
  jobId: string;
  dbPath: string;
  what: { messages: MessageFilter; format: 'jsonl' | 'csv' } | { report: 'csv' | 'json' };
  file: string;
  nativeBinding?: string;
  logDir?: string | null;
}

export type JobParams = ImportJobParams | UploadJobParams | ExportJobParams;

export interface FileOutcome {
  importId: number | null;
  file: string;
  state: 'done' | 'cancelled' | 'failed';
  error: string | null;
  counters: ImportCounters;
  byType: Record<string, number>;
  resumed: boolean;
}

/** What an upload job reports when it ends: the uploader's own result. */
export type UploadOutcomeSummary = RunResult;

/** From the job to its host. */
export type JobEvent =
  | { type: 'import-progress'; progress: ImportProgress }
  | { type: 'import-file-done'; outcome: FileOutcome }
  | { type: 'upload-state'; state: UploadState }
  | { type: 'upload-batch'; batch: BatchRow }
  | {
      type: 'done';
      result: { files?: FileOutcome[]; upload?: UploadOutcomeSummary; exported?: number };
    }
  | { type: 'error'; message: string };

/** From the host to the job. */
export type JobCommand = { type: 'cancel' } | { type: 'pause' } | { type: 'resume' };
