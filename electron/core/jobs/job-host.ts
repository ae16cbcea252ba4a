/**
 * Starts a job either in a worker thread (the desktop app: the window must stay responsive)
 * or in the current thread (the CLI and unit tests), behind the same handle.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';

import { runExportJob } from './export-job.js';
import { runImportJob } from './import-job.js';
import type {
  FileOutcome,
  JobCommand,
  JobEvent,
  JobParams,
  UploadOutcomeSummary,
} from './job-protocol.js';
import { runUploadJob } from './upload-job.js';

export interface JobResult {
  files?: FileOutcome[];
  upload?: UploadOutcomeSummary;
  exported?: number;
}

export interface JobHandle {
  readonly params: JobParams;
  readonly events: EventEmitter<{ event: [JobEvent] }>;
  send(command: JobCommand): void;
  /** Resolves when the job ends; rejects with a sentence when it failed. */
  readonly done: Promise<JobResult>;
}

export interface JobHostOptions {
  /** URL of the bundled job-worker.js; without it jobs run in the current thread. */
  workerUrl?: URL | null;
}

export function startJob(params: JobParams, options: JobHostOptions): JobHandle {
  return options.workerUrl ? startInWorker(params, options.workerUrl) : startInline(params);
}

function startInline(params: JobParams): JobHandle {
  const events = new EventEmitter<{ event: [JobEvent] }>();
  const abort = new AbortController();
  const listeners: Array<(command: JobCommand) => void> = [];
  const emit = (event: JobEvent) => events.emit('event', event);
  const done = (async (): Promise<JobResult> => {
    // Let the caller subscribe before the first event.
    await Promise.resolve();
    if (params.kind === 'import') return { files: await runImportJob(params, emit, abort.signal) };
    if (params.kind === 'export') return { exported: runExportJob(params) };
    return {
      upload: await runUploadJob(params, emit, {
        onCommand: (listener) => listeners.push(listener),
      }),
    };
  })();
  return {
    params,
    events,
    send(command) {
      if (command.type === 'cancel') abort.abort();
      for (const listener of listeners) listener(command);
    },
    done,
  };
}

function startInWorker(params: JobParams, workerUrl: URL): JobHandle {
  const events = new EventEmitter<{ event: [JobEvent] }>();
  const worker = new Worker(workerUrl, { workerData: params });
  const done = new Promise<JobResult>((resolve, reject) => {
    let result: JobResult | null = null;
    let failure: string | null = null;
    worker.on('message', (event: JobEvent) => {
      if (event.type === 'done') result = event.result;
      else if (event.type === 'error') failure = event.message;
      events.emit('event', event);
    });
    worker.on('error', (error) => {
      failure ??= error.message;
    });
    worker.on('exit', () => {
      if (result) resolve(result);
      else reject(new Error(failure ?? 'The background task stopped unexpectedly; see the log.'));
    });
  });
  return {
    params,
    events,
    send(command) {
      worker.postMessage(command);
    },
    done,
  };
}
