/**
 * Every IPC reply is an envelope, so that a failure reaches the renderer as data (a sentence
 * it can show) rather than as a rejected promise carrying a stack trace.
 */
import { z } from 'zod';

export const IPC_ERROR_CODES = [
  /** The request did not match the contract. */
  'invalid_request',
  /** The thing asked for does not exist (any more). */
  'not_found',
  /** Another job holds what the request needs (an import or upload is running). */
  'busy',
  /** The operation ran and failed; `message` says why and what to do. */
  'failed',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export const ipcErrorSchema = z.object({
  code: z.enum(IPC_ERROR_CODES),
  message: z.string(),
});

export type IpcError = z.infer<typeof ipcErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: IpcErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ipcErrorSchema }),
  ]);
}
