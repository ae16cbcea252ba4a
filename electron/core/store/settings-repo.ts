/** Key-value settings in the store, each value JSON, read through a schema with defaults. */
import type { Database } from 'better-sqlite3';

import { type PublicSettings, publicSettingsSchema } from '../../../shared/ipc/settings.js';
import { DEFAULT_BASE_URL, DEFAULT_RATE } from '../../../shared/settings.js';

/** A message is tried this many times before it counts as failed. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export const DEFAULT_SETTINGS: PublicSettings = {
  baseUrl: DEFAULT_BASE_URL,
  clientId: '',
  receiveId: '',
  useSandbox: true,
  rate: { ...DEFAULT_RATE },
  cutoff: null,
  cutoffConfirmedNone: false,
  includeMedia: true,
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  locale: 'zh-CN',
};

const PUBLIC_KEY = 'public';

export class SettingsRepo {
  constructor(private readonly db: Database) {}

  getRaw(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as
      string | undefined;
  }

  setRaw(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    else
      this.db
        .prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(key, value);
  }

  getPublic(): PublicSettings {
    const raw = this.getRaw(PUBLIC_KEY);
    if (!raw) return { ...DEFAULT_SETTINGS };
    try {
      const stored = JSON.parse(raw) as Partial<PublicSettings>;
      const merged = publicSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
      return merged.success ? merged.data : { ...DEFAULT_SETTINGS };
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  /** Merges a partial update; returns the new settings. */
  updatePublic(update: Partial<PublicSettings>): PublicSettings {
    const next = publicSettingsSchema.parse({ ...this.getPublic(), ...update });
    this.setRaw(PUBLIC_KEY, JSON.stringify(next));
    return next;
  }
}
