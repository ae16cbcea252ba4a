/** Importing export files, their progress and their summaries. */
import { z } from 'zod';

import { countsSchema, filePathSchema, pageSchema, timeSchema } from './common.js';

export const importStartSchema = z
  .object({ paths: z.array(filePathSchema).min(1).max(200) })
  .strict();

export const jobRefSchema = z.object({ jobId: z.string().min(1).max(64) }).strict();

export const importProgressSchema = z.object({
  jobId: z.string(),
  file: z.string(),
  fileIndex: z.number(),
  fileCount: z.number(),
  bytesRead: z.number(),
  bytesTotal: z.number(),
  records: z.number(),
  stored: z.number(),
  problems: z.number(),
  recordsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});

export type ImportProgress = z.infer<typeof importProgressSchema>;

export const problemGroupSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  /** One example sentence of the group. */
  example: z.string(),
  count: z.number(),
  samples: z.array(
    z.object({
      file: z.string(),
      line: z.number(),
      msgid: z.string().nullable(),
      path: z.string(),
      message: z.string(),
    }),
  ),
});

export const importSummarySchema = z.object({
  importIds: z.array(z.number()),
  files: z.array(
    z.object({
      importId: z.number(),
      file: z.string(),
      bytes: z.number(),
      format: z.string(),
      encoding: z.string(),
      state: z.enum(['running', 'done', 'cancelled', 'failed']),
      error: z.string().nullable(),
    }),
  ),
  total: z.number(),
  valid: z.number(),
  invalid: z.number(),
  duplicates: z.number(),
  conflicts: z.number(),
  unsupported: z.number(),
  excluded: z.number(),
  warnings: z.number(),
  byType: countsSchema,
  byStatus: countsSchema,
  firstMsgtime: timeSchema.nullable(),
  lastMsgtime: timeSchema.nullable(),
  /** Messages per local day ("YYYY-MM-DD" in the operator's zone) for the chart. */
  perDay: z.array(z.object({ day: z.string(), count: z.number() })),
  problemGroups: z.array(problemGroupSchema),
});

export type ImportSummary = z.infer<typeof importSummarySchema>;

export const importDoneSchema = z.object({
  jobId: z.string(),
  state: z.enum(['done', 'cancelled', 'failed']),
  error: z.string().nullable(),
  summary: importSummarySchema.nullable(),
});

export const importSummaryRequestSchema = z
  .object({
    importIds: z.array(z.number().int().positive()).max(200).optional(),
    utcOffsetMinutes: z.number().int().min(-900).max(900).default(0),
  })
  .strict();

export const importRecordSchema = z.object({
  importId: z.number(),
  file: z.string(),
  bytes: z.number(),
  format: z.string(),
  encoding: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  records: z.number(),
  stored: z.number(),
  duplicates: z.number(),
  invalid: z.number(),
  error: z.string().nullable(),
});

export type ImportRecord = z.infer<typeof importRecordSchema>;

export const importListSchema = z.object({ imports: z.array(importRecordSchema) });

export const importListRequestSchema = pageSchema.strict();
