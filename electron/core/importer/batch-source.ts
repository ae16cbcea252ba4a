/**
 * Where the importing thread takes its prepared batches from: a parse worker when the bundled
 * worker script is there (the app, the CLI, the benchmark), or the current thread otherwise
 * (unit tests run the TypeScript sources, which a worker cannot load).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { Encoding } from '../reader/encoding.js';
import { ExportFileError, type ExportReader } from '../reader/export-reader.js';
import type { ParseWorkerEvent } from './parse-worker-protocol.js';
import { type BatchPlan, type PreparedBatch, preparedBatches } from './prepared-batches.js';

export interface BatchSource {
  /** The next batch, or null at the end of the file. */
  next(): Promise<PreparedBatch | null>;
  /** The encoding in effect at the end (a UTF-8 guess can turn into GB18030). */
  encoding(): Encoding;
  close(): void;
}

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

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

export function workerSource(
  file: string,
  plan: BatchPlan,
  initialEncoding: Encoding,
): BatchSource {
  const worker = new Worker(WORKER_URL, { workerData: { file, plan } });
  const queue: ParseWorkerEvent[] = [];
  let waiting: (() => void) | null = null;
  let encoding = initialEncoding;
  let exited = false;
  worker.on('message', (event: ParseWorkerEvent) => {
    queue.push(event);
    waiting?.();
  });
  worker.on('error', (error) => {
    queue.push({ type: 'error', code: null, name: error.name, message: error.message });
    waiting?.();
  });
  worker.on('exit', () => {
    exited = true;
    waiting?.();
  });

  return {
    async next() {
      for (;;) {
        const event = queue.shift();
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
      void worker.terminate();
    },
  };
}

/**
 * A parse worker hands over small batches so that little waits in the pipe (memory stays
 * flat); the store still writes large transactions. This joins small batches up to `records`.
 */
export function mergedSource(source: BatchSource, records: number): BatchSource {
  let carried: PreparedBatch | null | undefined;
  return {
    async next() {
      let merged = carried === undefined ? await source.next() : carried;
      carried = undefined;
      if (!merged) return null;
      while (
        merged.items.length < records &&
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
      }
      return merged;
    },
    encoding: () => source.encoding(),
    close: () => source.close(),
  };
}
