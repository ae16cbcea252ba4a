/**
 * The settings form as the operator edits it, and the pure steps around it: reading saved
 * settings into the form, checking it, and turning it into a `settings:save` request that
 * carries only what changed. Secrets are never read back; the form only knows whether each is set.
 */
import type { z } from 'zod';

import type {
  PublicSettings,
  SecretName,
  settingsSaveSchema,
} from '../../../../shared/ipc/settings';
import { fromDateTimeLocal, toDateTimeLocal } from '../../i18n/format';
import type { MessageKey } from '../../i18n/i18n';
import { ENCODING_AES_KEY_PATTERN } from '../../../../shared/settings';

export type CutoffMode = 'at' | 'never' | 'unset';

export interface SettingsDraft {
  baseUrl: string;
  clientId: string;
  receiveId: string;
  useSandbox: boolean;
  rateCalls: string;
  rateWindow: string;
  cutoffMode: CutoffMode;
  /** `<input type="datetime-local">` value in the operator's zone. */
  cutoffAt: string;
  includeMedia: boolean;
  maxAttempts: string;
}

/** undefined: leave as saved; a string: replace; null: clear. */
export type SecretEdits = Partial<Record<SecretName, string | null>>;

/**
 * Where secrets go when the computer has no keyring. `plain` stores them with the platform's
 * fallback protection (which other programs of the same user can undo) and is only offered
 * after an explicit confirmation.
 */
export type NoKeyringStorage = 'session' | 'plain';

export type SaveRequest = z.input<typeof settingsSaveSchema>;

export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type DraftErrors = Partial<Record<keyof SettingsDraft | SecretName, FieldError>>;

export function draftFromSettings(settings: PublicSettings): SettingsDraft {
  return {
    baseUrl: settings.baseUrl,
    clientId: settings.clientId,
    receiveId: settings.receiveId,
    useSandbox: settings.useSandbox,
    rateCalls: String(settings.rate.calls),
    rateWindow: String(settings.rate.windowSeconds),
    cutoffMode: settings.cutoff !== null ? 'at' : settings.cutoffConfirmedNone ? 'never' : 'unset',
    cutoffAt: settings.cutoff !== null ? toDateTimeLocal(settings.cutoff) : '',
    includeMedia: settings.includeMedia,
    maxAttempts: String(settings.maxAttempts),
  };
}

const AES_KEY = ENCODING_AES_KEY_PATTERN;

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** Limits from the contract's settings schema. */
export const LIMITS = {
  rateCalls: [1, 1000],
  rateWindow: [1, 3600],
  maxAttempts: [1, 20],
} as const;

export function validateDraft(draft: SettingsDraft, secrets: SecretEdits): DraftErrors {
  const errors: DraftErrors = {};
  if (draft.baseUrl.trim() && !/^https?:\/\/\S+$/.test(draft.baseUrl.trim())) {
    errors.baseUrl = { key: 'settings.invalidUrl' };
  }
  const aesKey = secrets.encodingAesKey;
  if (typeof aesKey === 'string' && !AES_KEY.test(aesKey.trim())) {
    errors.encodingAesKey = { key: 'settings.invalidAesKey' };
  }
  for (const field of ['rateCalls', 'rateWindow', 'maxAttempts'] as const) {
    const [min, max] = LIMITS[field];
    if (wholeNumber(draft[field], min, max) === null) {
      errors[field] = { key: 'settings.invalidNumber', params: { min, max } };
    }
  }
  if (draft.cutoffMode === 'at' && fromDateTimeLocal(draft.cutoffAt) === null) {
    errors.cutoffAt = { key: 'settings.cutoffUnknown' };
  }
  return errors;
}

/** The public settings the draft describes (call only when it validates). */
export function settingsFromDraft(draft: SettingsDraft): Omit<PublicSettings, 'locale'> {
  const cutoff = draft.cutoffMode === 'at' ? fromDateTimeLocal(draft.cutoffAt) : null;
  return {
    baseUrl: draft.baseUrl.trim(),
    clientId: draft.clientId.trim(),
    receiveId: draft.receiveId.trim(),
    useSandbox: draft.useSandbox,
    rate: { calls: Number(draft.rateCalls), windowSeconds: Number(draft.rateWindow) },
    cutoff,
    cutoffConfirmedNone: draft.cutoffMode === 'never',
    includeMedia: draft.includeMedia,
    maxAttempts: Number(draft.maxAttempts),
  };
}

export function hasSecretEdits(secrets: SecretEdits): boolean {
  return Object.values(secrets).some((value) => value !== undefined);
}

/**
 * Builds the save request: changed public fields, secrets the operator typed or cleared
 * (a cleared secret is sent as ''), and where secrets go when there is no keyring.
 */
export function toSaveRequest(
  saved: PublicSettings,
  draft: SettingsDraft,
  secrets: SecretEdits,
  storage: NoKeyringStorage | null,
): SaveRequest {
  const next = settingsFromDraft(draft);
  const settings: Partial<PublicSettings> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(saved[key])) {
      Object.assign(settings, { [key]: next[key] });
    }
  }

  const request: SaveRequest = { settings };
  if (hasSecretEdits(secrets)) {
    const out: Partial<Record<SecretName, string>> = {};
    for (const [name, value] of Object.entries(secrets) as [SecretName, string | null][]) {
      if (value !== undefined) out[name] = value === null ? '' : value.trim();
    }
    request.secrets = out;
    if (storage === 'session') request.secretStorage = 'session';
    if (storage === 'plain') request.secretStorage = 'plain';
  }
  return request;
}

export function isDraftDirty(saved: PublicSettings, draft: SettingsDraft, secrets: SecretEdits) {
  return (
    hasSecretEdits(secrets) || JSON.stringify(draftFromSettings(saved)) !== JSON.stringify(draft)
  );
}
