/** The upload queue: its state, its controls, its batch log, failures and retries. */
import { z } from 'zod';

import { pageSchema } from './common.js';
import { messageFilterSchema } from './messages.js';

export const uploadPhaseSchema = z.enum([
  /** Nothing is running. */
  'idle',
  /** Calls are being made. */
  'running',
  /** Waiting for the rate limit window or a backoff before the next call. */
  'waiting',
  /** Paused by the operator; resumes where it stopped. */
  'paused',
  /** Finishing the call in flight before stopping. */
  'stopping',
]);

export type UploadPhase = z.infer<typeof uploadPhaseSchema>;

export const uploadStateSchema = z.object({
  phase: uploadPhaseSchema,
  runId: z.number().nullable(),
  target: z.enum(['sandbox', 'production']),
  /** Messages eligible when the run started plus those made eligible since. */
  total: z.number(),
  uploaded: z.number(),
  failed: z.number(),
  remaining: z.number(),
  calls: z.number(),
  callsInWindow: z.number(),
  rate: z.object({ calls: z.number(), windowSeconds: z.number() }),
  /** Epoch ms of the next call, when known. */
  nextCallAt: z.number().nullable(),
  messagesPerMinute: z.number(),
  etaSeconds: z.number().nullable(),
  /** Why the run stopped or is waiting, as a sentence. */
  note: z.string().nullable(),
  error: z.string().nullable(),
});

export type UploadState = z.infer<typeof uploadStateSchema>;

export const uploadStartSchema = z
  .object({
    /** Upload messages at or after the cutoff too (the operator confirmed the risk). */
    includeAfterCutoff: z.boolean().default(false),
  })
  .strict();

export const eligibleSchema = z.object({
  eligible: z.number(),
  media: z.number(),
  cutoff: z.number().nullable(),
  afterCutoff: z.number(),
});

export const batchRowSchema = z.object({
  id: z.number(),
  runId: z.number().nullable(),
  size: z.number(),
  bytes: z.number(),
  state: z.enum(['sending', 'settled', 'failed']),
  sentAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  code: z.number().nullable(),
  msg: z.string().nullable(),
  failIds: z.array(z.string()),
  attempt: z.number(),
});

export type BatchRow = z.infer<typeof batchRowSchema>;

export const batchPageSchema = z.object({ batches: z.array(batchRowSchema) });

export const batchListRequestSchema = pageSchema
  .extend({ runId: z.number().int().positive().optional() })
  .strict();

export const failedGroupSchema = z.object({
  reason: z.string(),
  count: z.number(),
  msgtypes: z.record(z.string(), z.number()),
});

export const failedGroupsSchema = z.object({
  groups: z.array(failedGroupSchema),
  total: z.number(),
});

export const retrySchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }).strict(),
  z.object({ reason: z.string().max(2000) }).strict(),
  z.object({ filter: messageFilterSchema }).strict(),
]);

export const exportRequestSchema = z
  .object({
    filter: messageFilterSchema.default({}),
    format: z.enum(['jsonl', 'csv']),
  })
  .strict();

/** The file is chosen in the main process's save dialog; null when the operator cancelled. */
export const exportResultSchema = z.object({
  path: z.string().nullable(),
  count: z.number(),
});

export const uploadRunSchema = z.object({
  id: z.number(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  target: z.string(),
  calls: z.number(),
  uploaded: z.number(),
  failed: z.number(),
  state: z.string(),
  note: z.string().nullable(),
});

export const uploadRunsSchema = z.object({ runs: z.array(uploadRunSchema) });

export const reportRequestSchema = z.object({ format: z.enum(['csv', 'json']) }).strict();
