/**
 * Worker thread that runs the reading and parsing half of an import (prepared-batches.ts)
 * while the importing thread writes the previous batch to the store. On two cores this
 * overlaps JavaScript work with SQLite work; at most MAX_AHEAD batches and MAX_AHEAD_BYTES of
 * records wait, so memory stays flat.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { ExportReader } from '../reader/export-reader.js';
import { preparedBatches, recordBytes } from './prepared-batches.js';
import type { ParseWorkerData, ParseWorkerEvent } from './parse-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread.');
const { file, plan, port: batches } = workerData as ParseWorkerData;

/** Batches that may be on their way before the writer has taken one. */
const MAX_AHEAD = 6;
/**
 * Bytes of records that may be on their way: a file of very large messages makes few, large
 * batches, and six of them waiting would hold tens of megabytes.
 */
const MAX_AHEAD_BYTES = 8 * 1024 * 1024;

/** Record bytes of each batch posted and not yet taken, oldest first. */
const waiting: number[] = [];
let waitingBytes = 0;
let wake: (() => void) | null = null;
port.on('message', (message: 'ack') => {
  if (message !== 'ack') return;
  waitingBytes -= waiting.shift() ?? 0;
  wake?.();
});

function post(event: ParseWorkerEvent): void {
  batches.postMessage(event);
  port!.postMessage('posted');
}

try {
  const reader = new ExportReader(file);
  for (const batch of preparedBatches(reader, plan)) {
    post({ type: 'batch', batch });
    const bytes = recordBytes(batch);
    waiting.push(bytes);
    waitingBytes += bytes;
    while (waiting.length >= MAX_AHEAD || waitingBytes >= MAX_AHEAD_BYTES) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  }
  post({ type: 'end', encoding: reader.encoding });
} catch (error) {
  post({
    type: 'error',
    code:
      (error as { code?: unknown }).code === undefined
        ? null
        : String((error as { code?: unknown }).code),
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  });
}
