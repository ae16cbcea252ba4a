/** Messages from a parse worker to the importing thread. */
import type { Encoding } from '../reader/encoding.js';
import type { PreparedBatch } from './prepared-batches.js';

export type ParseWorkerEvent =
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'end'; encoding: Encoding }
  | { type: 'error'; code: string | null; name: string; message: string };
