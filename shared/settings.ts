/**
 * Connection settings an operator enters, and the upload preferences stored beside them.
 * Secrets (clientSecret, token, encodingAesKey) are kept apart from the rest by the main
 * process; this module only describes their shape.
 */
import { z } from 'zod';

export const DEFAULT_BASE_URL = 'https://qw-openapi-tx.dustess.com';

/** The upload API allows 10 calls a minute. */
export const DEFAULT_RATE = { calls: 10, windowSeconds: 60 } as const;

/** An EncodingAESKey: 43 characters of base64 without the trailing "=" (32 bytes). */
export const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/;

export const credentialsSchema = z.object({
  baseUrl: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** The "Token" used for the message signature (the callback scheme's token). */
  token: z.string().min(1),
  /** 43 characters of base64 without the trailing "=". */
  encodingAesKey: z.string().regex(ENCODING_AES_KEY_PATTERN, 'must be 43 characters of base64'),
  receiveId: z.string(),
});

export type Credentials = z.infer<typeof credentialsSchema>;

export const rateSchema = z.object({
  calls: z.number().int().min(1).max(1000),
  windowSeconds: z.number().min(0.1).max(3600),
});

export type Rate = z.infer<typeof rateSchema>;

/** Parses "10/60" (calls per seconds). */
export function parseRate(text: string): Rate | null {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  const result = rateSchema.safeParse({ calls: Number(match[1]), windowSeconds: Number(match[2]) });
  return result.success ? result.data : null;
}
