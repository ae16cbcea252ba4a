/** Facts about the running app that every screen shows: target, store, versions. */
import { z } from 'zod';

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  dbPath: z.string(),
  logFile: z.string().nullable(),
  target: z.object({
    kind: z.enum(['sandbox', 'production']),
    baseUrl: z.string(),
    clientId: z.string(),
  }),
  /** True in development builds (devtools allowed). */
  development: z.boolean(),
});

export type AppInfo = z.infer<typeof appInfoSchema>;

export const storeChangedSchema = z.object({
  reason: z.enum(['import', 'upload', 'choice', 'retry', 'settings']),
});

export const pickFilesResultSchema = z.object({ paths: z.array(z.string()) });
