/** Browsing the store: filters, pages of rows, one message in detail, include/exclude. */
import { z } from 'zod';

import {
  countsSchema,
  msgtypeSchema,
  pageSchema,
  problemSchema,
  statusSchema,
  timeSchema,
} from './common.js';

export const messageFilterSchema = z
  .object({
    msgtypes: z.array(msgtypeSchema).max(64).optional(),
    statuses: z.array(statusSchema).max(7).optional(),
    sender: z.string().max(256).optional(),
    room: z.string().max(256).optional(),
    /** Inclusive lower bound, epoch ms. */
    from: timeSchema.optional(),
    /** Exclusive upper bound, epoch ms. */
    to: timeSchema.optional(),
    /** Words or Chinese text to find in message contents. */
    text: z.string().max(200).optional(),
    importId: z.number().int().positive().optional(),
    /** Only messages that carry at least one problem (errors or warnings). */
    withProblems: z.boolean().optional(),
    /** Only media messages (image, voice, video, file, ...). */
    mediaOnly: z.boolean().optional(),
  })
  .strict();

export type MessageFilter = z.infer<typeof messageFilterSchema>;

export const messageRowSchema = z.object({
  id: z.number(),
  msgid: z.string(),
  msgtime: z.number(),
  msgtype: z.string(),
  sender: z.string(),
  room: z.string(),
  status: statusSchema,
  /** A short text to recognise the message by (content, title or file name). */
  preview: z.string(),
  problemCount: z.number(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  /** Why an excluded message is excluded. */
  excludedBy: z.enum(['cutoff', 'operator']).nullable(),
  media: z.boolean(),
});

export type MessageRow = z.infer<typeof messageRowSchema>;

export const messageQuerySchema = pageSchema
  .extend({
    filter: messageFilterSchema.default({}),
    order: z.enum(['newest', 'oldest']).default('newest'),
  })
  .strict();

export type MessageQuery = z.input<typeof messageQuerySchema>;

export const messagePageSchema = z.object({ rows: z.array(messageRowSchema) });

export const messageCountSchema = z.object({ total: z.number() });

export const facetsSchema = z.object({
  total: z.number(),
  byType: countsSchema,
  byStatus: countsSchema,
});

export type Facets = z.infer<typeof facetsSchema>;

export const distinctRequestSchema = z
  .object({
    field: z.enum(['sender', 'room']),
    prefix: z.string().max(256).default(''),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict();

export const distinctValuesSchema = z.object({ values: z.array(z.string()) });

export const messageDetailSchema = z.object({
  row: messageRowSchema,
  /** The normalized payload, pretty-printed, digit for digit. */
  payload: z.string(),
  file: z.string().nullable(),
  line: z.number().nullable(),
  /** The record as it stands in the export file, or null with the reason in `originalNote`. */
  original: z.string().nullable(),
  originalNote: z.string().nullable(),
  problems: z.array(problemSchema),
});

export type MessageDetail = z.infer<typeof messageDetailSchema>;

export const selectionSchema = z.union([
  z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }).strict(),
  z.object({ filter: messageFilterSchema }).strict(),
]);

export type Selection = z.infer<typeof selectionSchema>;

export const setChoiceSchema = z
  .object({
    selection: selectionSchema,
    /** include: upload even if unsupported or after the cutoff; exclude: keep out; default: follow the rules. */
    choice: z.enum(['include', 'exclude', 'default']),
  })
  .strict();

export const changedSchema = z.object({ changed: z.number() });
