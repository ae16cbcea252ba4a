/** The Settings screen's store: the saved view, the form being edited, and the connection test. */
import { create } from 'zustand';

import type { SecretName, SettingsView } from '../../../../shared/ipc/settings';
import type { ResponseOf } from '../../../../shared/ipc/contract';
import { call } from '../../ipc/client';
import { tNow } from '../../i18n/i18n';
import {
  draftFromSettings,
  isDraftDirty,
  toSaveRequest,
  validateDraft,
  type NoKeyringStorage,
  type SecretEdits,
  type SettingsDraft,
} from './settings-draft';

export type ConnectionTest = ResponseOf<'settings:test-connection'>;

export interface SettingsState {
  view: SettingsView | null;
  draft: SettingsDraft | null;
  secrets: SecretEdits;
  storage: NoKeyringStorage;
  plainConfirmed: boolean;
  loadError: string | null;
  saving: boolean;
  /** The last save's outcome as a sentence. */
  notice: { tone: 'ok' | 'error'; text: string } | null;
  testing: boolean;
  test: ConnectionTest | null;
  testError: string | null;

  load(): Promise<void>;
  setField<K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]): void;
  setSecret(name: SecretName, value: string | null | undefined): void;
  setStorage(storage: NoKeyringStorage): void;
  setPlainConfirmed(value: boolean): void;
  isDirty(): boolean;
  save(): Promise<boolean>;
  discard(): void;
  testConnection(): Promise<void>;
  reset(): void;
}

const initial = {
  view: null,
  draft: null,
  secrets: {},
  storage: 'session' as NoKeyringStorage,
  plainConfirmed: false,
  loadError: null,
  saving: false,
  notice: null,
  testing: false,
  test: null,
  testError: null,
};

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  ...initial,

  async load() {
    const result = await call('settings:get', {});
    if (!result.ok) {
      set({ loadError: result.message });
      return;
    }
    set({
      view: result.value,
      draft: draftFromSettings(result.value.settings),
      secrets: {},
      loadError: null,
    });
  },

  setField(key, value) {
    const draft = get().draft;
    if (draft) set({ draft: { ...draft, [key]: value }, notice: null });
  },

  setSecret(name, value) {
    set({ secrets: { ...get().secrets, [name]: value }, notice: null });
  },

  setStorage(storage) {
    set({ storage, plainConfirmed: storage === 'plain' ? get().plainConfirmed : false });
  },

  setPlainConfirmed(value) {
    set({ plainConfirmed: value });
  },

  isDirty() {
    const { view, draft, secrets } = get();
    return view !== null && draft !== null && isDraftDirty(view.settings, draft, secrets);
  },

  async save() {
    const { view, draft, secrets, storage, plainConfirmed } = get();
    if (!view || !draft) return false;
    if (Object.keys(validateDraft(draft, secrets)).length > 0) return false;

    const noKeyring = !view.keyring.available;
    if (noKeyring && storage === 'plain' && !plainConfirmed) {
      set({ notice: { tone: 'error', text: tNow('settings.storage.plainNeedsConfirm') } });
      return false;
    }

    set({ saving: true, notice: null });
    const request = toSaveRequest(view.settings, draft, secrets, noKeyring ? storage : null);
    const result = await call('settings:save', request);
    if (!result.ok) {
      set({ saving: false, notice: { tone: 'error', text: result.message } });
      return false;
    }
    set({
      saving: false,
      view: result.value,
      draft: draftFromSettings(result.value.settings),
      secrets: {},
      notice: { tone: 'ok', text: tNow('settings.saved') },
    });
    return true;
  },

  discard() {
    const view = get().view;
    if (view) set({ draft: draftFromSettings(view.settings), secrets: {}, notice: null });
  },

  async testConnection() {
    // The test uses what is saved, so unsaved edits are saved first.
    if (get().isDirty() && !(await get().save())) return;
    set({ testing: true, test: null, testError: null });
    const result = await call('settings:test-connection', {});
    set(
      result.ok
        ? { testing: false, test: result.value }
        : { testing: false, testError: result.message },
    );
  },

  reset() {
    set(initial);
  },
}));
