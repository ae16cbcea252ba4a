/** Connection settings, secrets kept apart, and the cutoff. */
import { z } from 'zod';

export const secretNames = ['clientSecret', 'token', 'encodingAesKey'] as const;

export type SecretName = (typeof secretNames)[number];

export const publicSettingsSchema = z
  .object({
    baseUrl: z.string().max(2048),
    clientId: z.string().max(256),
    receiveId: z.string().max(256),
    /** Use the built-in sandbox instead of the SCRM. */
    useSandbox: z.boolean(),
    rate: z.object({
      calls: z.number().int().min(1).max(1000),
      windowSeconds: z.number().min(1).max(3600),
    }),
    /** Epoch ms at which Dustess's own archive sync was switched on, or null when it never was. */
    cutoff: z.number().int().min(0).nullable(),
    /** The operator said there is no cutoff (sync never switched on). */
    cutoffConfirmedNone: z.boolean(),
    /** Send media messages (their file ids only; the media itself is not uploaded). */
    includeMedia: z.boolean(),
    maxAttempts: z.number().int().min(1).max(20),
    locale: z.enum(['zh-CN', 'en']),
  })
  .strict();

export type PublicSettings = z.infer<typeof publicSettingsSchema>;

export const secretsInputSchema = z
  .object({
    clientSecret: z.string().max(512).optional(),
    token: z.string().max(512).optional(),
    encodingAesKey: z.string().max(64).optional(),
  })
  .strict();

/**
 * keyring: encrypted by the OS keyring. session: in memory until the app quits. plain: no keyring
 * exists and the operator confirmed storing them with the platform's fallback protection.
 */
export const secretStorageSchema = z.enum(['keyring', 'session', 'plain']);

export type SecretStorage = z.infer<typeof secretStorageSchema>;

export const keyringSchema = z.object({
  /** True when the OS offers a real keyring for safeStorage. */
  available: z.boolean(),
  /** e.g. "keychain", "dpapi", "gnome_libsecret", "basic_text", "none". */
  backend: z.string(),
});

export const settingsViewSchema = z.object({
  settings: publicSettingsSchema,
  /** Which secrets are set (never their values). */
  secretsSet: z.object({
    clientSecret: z.boolean(),
    token: z.boolean(),
    encodingAesKey: z.boolean(),
  }),
  /** Where secrets live: the OS keyring, or this session's memory only. */
  secretStorage: secretStorageSchema,
  keyring: keyringSchema,
});

export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsSaveSchema = z
  .object({
    settings: publicSettingsSchema.partial(),
    secrets: secretsInputSchema.optional(),
    secretStorage: secretStorageSchema.optional(),
  })
  .strict();

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  expiresAt: z.number().nullable(),
});
