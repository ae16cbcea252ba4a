/**
 * The Import screen's store: the running import (one job, many files) fed by `import:progress`
 * events, its outcome from `import:done`, and the summary shown afterwards.
 */
import { create } from 'zustand';

import type { ImportProgress, ImportSummary } from '../../../../shared/ipc/imports';
import type { EventOf } from '../../../../shared/ipc/contract';
import { call, pathForFile } from '../../ipc/client';
import { utcOffsetMinutes } from '../../i18n/format';
import { tNow } from '../../i18n/i18n';

export type FileState = 'waiting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface FileProgress {
  file: string;
  state: FileState;
  progress: ImportProgress | null;
}

export interface ImportJob {
  /** Null between asking to start and the main process answering with the id. */
  jobId: string | null;
  files: FileProgress[];
  cancelling: boolean;
}

export interface ImportOutcome {
  state: 'done' | 'cancelled' | 'failed';
  error: string | null;
}

export interface ImportState {
  job: ImportJob | null;
  /** The files of the last finished import, with their last numbers. */
  finishedFiles: FileProgress[];
  outcome: ImportOutcome | null;
  /** Imports finished since the window opened; lets tests and screens tell one end from the next. */
  finishedCount: number;
  summary: ImportSummary | null;
  /** Whether the summary is of the last import or of everything in the store. */
  scope: 'last' | 'all';
  loadingSummary: boolean;
  error: string | null;

  load(): Promise<void>;
  pick(): Promise<void>;
  importDropped(files: readonly File[]): Promise<void>;
  startImport(paths: string[]): Promise<void>;
  cancel(): Promise<void>;
  onProgress(progress: ImportProgress): void;
  onDone(done: EventOf<'import:done'>): void;
  loadSummary(importIds?: number[]): Promise<void>;
  dismissError(): void;
  reset(): void;
}

const initial = {
  job: null,
  finishedFiles: [],
  outcome: null,
  finishedCount: 0,
  summary: null,
  scope: 'all' as const,
  loadingSummary: false,
  error: null,
};

/** Marks files before the current one done and the current one running, with its numbers. */
export function applyProgress(job: ImportJob, progress: ImportProgress): ImportJob {
  const files = [...job.files];
  while (files.length < progress.fileCount)
    files.push({ file: '', state: 'waiting', progress: null });
  for (let index = 0; index < files.length; index++) {
    const entry = files[index] as FileProgress;
    if (index < progress.fileIndex && entry.state !== 'failed') {
      files[index] = { ...entry, state: 'done' };
    } else if (index === progress.fileIndex) {
      files[index] = { file: progress.file || entry.file, state: 'running', progress };
    }
  }
  return { ...job, jobId: job.jobId ?? progress.jobId, files };
}

export const useImportStore = create<ImportState>()((set, get) => ({
  ...initial,

  async load() {
    if (get().job || get().summary) return;
    await get().loadSummary();
  },

  async pick() {
    const result = await call('files:pick', {});
    if (!result.ok) set({ error: result.message });
    else if (result.value.paths.length > 0) await get().startImport(result.value.paths);
  },

  async importDropped(files) {
    const paths: string[] = [];
    const unreadable: string[] = [];
    for (const file of files) {
      const path = pathForFile(file);
      if (path) paths.push(path);
      else unreadable.push(file.name);
    }
    if (paths.length > 0) await get().startImport(paths);
    // Said after starting, which clears earlier errors, so the skipped files stay named.
    if (unreadable.length > 0 && !get().error) {
      set({ error: tNow('import.noPath', { names: unreadable.join(', ') }) });
    }
  },

  async startImport(paths) {
    set({
      job: {
        jobId: null,
        files: paths.map((file) => ({ file, state: 'waiting', progress: null })),
        cancelling: false,
      },
      finishedFiles: [],
      outcome: null,
      error: null,
    });
    const result = await call('import:start', { paths });
    if (!result.ok) {
      set({ job: null, error: result.message });
      return;
    }
    const job = get().job;
    if (job && job.jobId === null) set({ job: { ...job, jobId: result.value.jobId } });
  },

  async cancel() {
    const job = get().job;
    if (!job?.jobId) return;
    set({ job: { ...job, cancelling: true } });
    const result = await call('import:cancel', { jobId: job.jobId });
    if (!result.ok) {
      const current = get().job;
      set({ error: result.message, job: current ? { ...current, cancelling: false } : null });
    }
  },

  onProgress(progress) {
    const job = get().job;
    // Progress of a job this window did not start (another window, or before a reload).
    if (!job) {
      set({
        job: applyProgress({ jobId: progress.jobId, files: [], cancelling: false }, progress),
      });
      return;
    }
    if (job.jobId !== null && job.jobId !== progress.jobId) return;
    set({ job: applyProgress(job, progress) });
  },

  onDone(done) {
    const job = get().job;
    if (job?.jobId && job.jobId !== done.jobId) return;
    // The files keep their last numbers under the outcome, so the operator sees where it stopped.
    const finishedFiles = (job?.files ?? []).map((entry) =>
      entry.state === 'running' ? { ...entry, state: done.state } : entry,
    );
    set({
      job: null,
      finishedFiles,
      outcome: { state: done.state, error: done.error },
      finishedCount: get().finishedCount + 1,
    });
    if (done.summary) set({ summary: done.summary, scope: 'last' });
    else void get().loadSummary();
  },

  async loadSummary(importIds) {
    set({ loadingSummary: true });
    const result = await call('import:summary', {
      ...(importIds ? { importIds } : {}),
      utcOffsetMinutes: utcOffsetMinutes(),
    });
    set(
      result.ok
        ? { summary: result.value, scope: importIds ? 'last' : 'all', loadingSummary: false }
        : { error: result.message, loadingSummary: false },
    );
  },

  dismissError() {
    set({ error: null });
  },

  reset() {
    set(initial);
  },
}));
