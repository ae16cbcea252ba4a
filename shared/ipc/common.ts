import { z } from 'zod';

import { MESSAGE_STATUSES } from '../messages/status.js';

/** Paths arrive from drag-and-drop or the file dialog; the main process re-checks them. */
export const filePathSchema = z.string().min(1).max(4096);

export const statusSchema = z.enum(MESSAGE_STATUSES);

/** msgtypes are free text in exports; bound them so hostile payloads stay small. */
export const msgtypeSchema = z.string().min(1).max(64);

/** Epoch milliseconds. */
export const timeSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 53 - 1);

export const countsSchema = z.record(z.string().max(64), z.number().int().nonnegative());

export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  path: z.string(),
  message: z.string(),
});

export const pageSchema = z.object({
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
