/**
 * Ends the test process when one step of a long generated run takes far longer than any
 * step may. A reader stuck in a loop blocks the event loop, so no timer of the test itself
 * could fire: the watchdog runs in a worker thread, sees the step's start time through
 * shared memory, writes which step hung to stderr with a direct write (the main thread
 * cannot forward output any more), and kills its own process, which fails the run instead of
 * leaving it hanging.
 */
import { Worker } from 'node:worker_threads';

export interface HangWatchdog {
  /** A step starts; `label` says how to make it again (seed, index, what was done). */
  step(label: string): void;
  /** Between steps: nothing to watch. */
  idle(): void;
  stop(): Promise<void>;
}

/** Bytes of the label kept for the message; the rest is cut. */
const LABEL_BYTES = 4096;

const WATCHER = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { startedAt, label, limitMs, pollMs } = workerData;
const times = new Float64Array(startedAt);
const bytes = new Uint8Array(label);
setInterval(() => {
  const started = times[0];
  if (started === 0 || Date.now() - started < limitMs) return;
  const end = bytes.indexOf(0);
  const text = Buffer.from(bytes.subarray(0, end === -1 ? bytes.length : end)).toString('utf8');
  writeSync(2, '\\nHung for more than ' + limitMs + ' ms: ' + text + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, pollMs);
`;

export function startHangWatchdog(limitMs: number): HangWatchdog {
  const startedAt = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT);
  const label = new SharedArrayBuffer(LABEL_BYTES);
  const times = new Float64Array(startedAt);
  const bytes = new Uint8Array(label);
  const worker = new Worker(WATCHER, {
    eval: true,
    workerData: { startedAt, label, limitMs, pollMs: Math.max(50, Math.floor(limitMs / 10)) },
  });
  // The watcher must never keep the process alive once the tests are done.
  worker.unref();

  return {
    step(text) {
      bytes.fill(0);
      bytes.set(Buffer.from(text, 'utf8').subarray(0, LABEL_BYTES - 1));
      times[0] = Date.now();
    },
    idle() {
      times[0] = 0;
    },
    async stop() {
      times[0] = 0;
      await worker.terminate();
    },
  };
}
