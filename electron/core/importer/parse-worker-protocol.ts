/** What a parse worker is started with, and what it sends the importing thread. */
import type { MessagePort } from 'node:worker_threads';

import type { Encoding } from '../reader/encoding.js';
import type { BatchPlan, PreparedBatch } from './prepared-batches.js';

export interface ParseWorkerData {
  file: string;
  plan: BatchPlan;
  /** Where batches go; the importing thread takes them from it when it is ready. */
  port: MessagePort;
}

export type ParseWorkerEvent =
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'end'; encoding: Encoding }
  | { type: 'error'; code: string | null; name: string; message: string };
