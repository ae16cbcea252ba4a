/**
 * The shell's store: which screen is open, what the app is pointed at (target, store path),
 * the language, and the counts in the navigation badges.
 */
import { create } from 'zustand';

import type { AppInfo } from '../../../shared/ipc/app';
import { call } from '../ipc/client';
import { useLocaleStore } from '../i18n/i18n';
import type { Locale } from '../i18n/locale';

export const SCREENS = ['import', 'messages', 'upload', 'failed', 'history', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface AppState {
  screen: Screen;
  info: AppInfo | null;
  /** Why the app's facts could not be read, as a sentence. */
  infoError: string | null;
  /** Failed messages, for the badge; null until known. */
  failedCount: number | null;
  /** Messages an upload would send now, for the badge; null until known. */
  eligibleCount: number | null;
  /** Messages in the store, so the first screen can say what to do when it is empty. */
  storeTotal: number | null;
  localeError: string | null;

  load(): Promise<void>;
  navigate(screen: Screen): void;
  setLocale(locale: Locale): Promise<void>;
  refreshInfo(): Promise<void>;
  refreshCounts(): Promise<void>;
  reset(): void;
}

const initial = {
  screen: 'import' as Screen,
  info: null,
  infoError: null,
  failedCount: null,
  eligibleCount: null,
  storeTotal: null,
  localeError: null,
};

export const useAppStore = create<AppState>()((set, get) => ({
  ...initial,

  async load() {
    const settings = await call('settings:get', {});
    if (settings.ok) useLocaleStore.getState().setLocale(settings.value.settings.locale);
    await Promise.all([get().refreshInfo(), get().refreshCounts()]);
  },

  navigate(screen) {
    set({ screen });
  },

  async setLocale(locale) {
    useLocaleStore.getState().setLocale(locale);
    const saved = await call('settings:save', { settings: { locale } });
    // On failure the choice still applies to this window; only remembering it failed.
    set({ localeError: saved.ok ? null : saved.message });
  },

  async refreshInfo() {
    const info = await call('app:info', {});
    set(info.ok ? { info: info.value, infoError: null } : { infoError: info.message });
  },

  async refreshCounts() {
    const [failed, eligible, total] = await Promise.all([
      call('messages:count', { filter: { statuses: ['failed'] } }),
      call('upload:eligible', { includeAfterCutoff: false }),
      call('messages:count', { filter: {} }),
    ]);
    set({
      failedCount: failed.ok ? failed.value.total : get().failedCount,
      eligibleCount: eligible.ok ? eligible.value.eligible : get().eligibleCount,
      storeTotal: total.ok ? total.value.total : get().storeTotal,
    });
  },

  reset() {
    set(initial);
  },
}));
