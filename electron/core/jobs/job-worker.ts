/**
 * Entry point of a worker thread that runs one job (an import or an upload), so that parsing
 * gigabytes or waiting on the network never blocks the window's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { configureLogging } from '../logging/logger.js';
import { runExportJob } from './export-job.js';
import { runImportJob } from './import-job.js';
import type { JobCommand, JobEvent, JobParams } from './job-protocol.js';
import { runUploadJob } from './upload-job.js';

const port = parentPort;
if (!port) throw new Error('job-worker must run in a worker thread.');

const params = workerData as JobParams;
configureLogging({ dir: params.logDir ?? null });

const emit = (event: JobEvent) => port.postMessage(event);
const abort = new AbortController();
const listeners: Array<(command: JobCommand) => void> = [];
port.on('message', (command: JobCommand) => {
  if (command.type === 'cancel') abort.abort();
  for (const listener of listeners) listener(command);
});

try {
  if (params.kind === 'import') {
    const files = await runImportJob(params, emit, abort.signal);
    emit({ type: 'done', result: { files } });
  } else if (params.kind === 'export') {
    emit({ type: 'done', result: { exported: runExportJob(params) } });
  } else {
    const upload = await runUploadJob(params, emit, {
      onCommand: (listener) => listeners.push(listener),
    });
    emit({ type: 'done', result: { upload } });
  }
} catch (error) {
  emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  port.close();
}
