/**
 * Where the importing thread takes its prepared batches from: a parse worker when the bundled
 * worker script is there (the app, the CLI, the benchmark), or the current thread otherwise
 * (unit tests run the TypeScript sources, which a worker cannot load).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

import type { Encoding } from '../reader/encoding.js';
import { BATCH_BYTES, ExportFileError, type ExportReader } from '../reader/export-reader.js';
import type { ParseWorkerData, ParseWorkerEvent } from './parse-worker-protocol.js';
import {
  type BatchPlan,
  type PreparedBatch,
  preparedBatches,
  recordBytes,
} from './prepared-batches.js';

export interface BatchSource {
  /** The next batch, or null at the end of the file. */
  next(): Promise<PreparedBatch | null>;
  /** The encoding in effect at the end (a UTF-8 guess can turn into GB18030). */
  encoding(): Encoding;
  close(): void;
}

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

/**
 * The parse worker's old generation may grow to this. Its live data is small (a read buffer,
 * one batch, at most one record of MAX_RECORD_BYTES being parsed), but with V8's default limit
 * sized for the whole machine it lets garbage pile up to a hundred megabytes and more between
 * full collections; a limit this size makes V8 collect sooner and keeps the import's peak
 * memory steady, at a cost of a few percent of its time.
 */
const PARSE_WORKER_HEAP_MB = 256;

export function parseWorkerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

export function inlineSource(reader: ExportReader, plan: BatchPlan): BatchSource {
  const batches = preparedBatches(reader, plan);
  return {
    async next() {
      const step = batches.next();
      return step.done ? null : step.value;
    },
    encoding: () => reader.encoding,
    close: () => reader.close(),
  };
}

/**
 * Batches travel on their own message port and are taken with receiveMessageOnPort only when
 * the writer is ready for them. A 'message' listener would copy every queued batch into this
 * thread's heap on arrival; they would then outlive a few young-generation collections while
 * they wait, be promoted, and make the old generation grow by a hundred megabytes between
 * full collections. Taken at the moment of use, a batch dies young, right after its write.
 */
export function workerSource(
  file: string,
  plan: BatchPlan,
  initialEncoding: Encoding,
): BatchSource {
  const { port1: batches, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_URL, {
    workerData: { file, plan, port: port2 } satisfies ParseWorkerData,
    resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_HEAP_MB },
    transferList: [port2],
  });
  let waiting: (() => void) | null = null;
  let encoding = initialEncoding;
  let failure: ParseWorkerEvent | null = null;
  let exited = false;
  // The worker says 'posted' on its own channel after each event it put on the batch port.
  worker.on('message', () => waiting?.());
  worker.on('error', (error: Error & { code?: string }) => {
    failure = { type: 'error', code: error.code ?? null, name: error.name, message: error.message };
    waiting?.();
  });
  worker.on('exit', () => {
    exited = true;
    waiting?.();
  });

  return {
    async next() {
      for (;;) {
        const received = receiveMessageOnPort(batches);
        const event = (received?.message as ParseWorkerEvent | undefined) ?? failure;
        if (event) {
          if (event.type === 'batch') {
            worker.postMessage('ack');
            return event.batch;
          }
          if (event.type === 'end') {
            encoding = event.encoding;
            return null;
          }
          if (event.name === 'ExportFileError')
            throw new ExportFileError(event.code ?? 'unreadable', event.message);
          throw Object.assign(new Error(event.message), { code: event.code ?? undefined });
        }
        if (exited) throw new Error('The file reader stopped unexpectedly.');
        await new Promise<void>((resolve) => (waiting = resolve));
        waiting = null;
      }
    },
    encoding: () => encoding,
    close: () => {
      batches.close();
      void worker.terminate();
    },
  };
}

/** A joined batch stops growing at this many bytes of records (a few very large messages). */
const MERGED_BATCH_BYTES = 2 * BATCH_BYTES;

/**
 * A parse worker hands over small batches (a thousand records or 4 MB) so that little waits in
 * the pipe (memory stays flat); the store still writes large transactions. This joins them up
 * to `records`.
 */
export function mergedSource(source: BatchSource, records: number): BatchSource {
  let carried: PreparedBatch | null | undefined;
  return {
    async next() {
      let merged = carried === undefined ? await source.next() : carried;
      carried = undefined;
      if (!merged) return null;
      let bytes = recordBytes(merged);
      while (
        merged.items.length < records &&
        bytes < MERGED_BATCH_BYTES &&
        !merged.encrypted &&
        !merged.problems.some((problem) => problem.fatal)
      ) {
        const following = await source.next();
        if (!following) {
          carried = null;
          break;
        }
        merged = {
          items: merged.items.concat(following.items),
          problems: merged.problems.concat(following.problems),
          warnings: merged.warnings.concat(following.warnings),
          bytesRead: following.bytesRead,
          offsetsExact: following.offsetsExact,
          encrypted: following.encrypted,
        };
        bytes += recordBytes(following);
      }
      return merged;
    },
    encoding: () => source.encoding(),
    close: () => source.close(),
  };
}
