/**
 * Where clientSecret, Token and EncodingAESKey live. On a computer with a real keyring the
 * desktop app encrypts them with it (Electron safeStorage) and keeps only ciphertext in the
 * store; without one, they stay in memory for the session unless the operator asks otherwise.
 * The CLI takes them from flags or the environment and never stores them.
 */
import { type SecretName, secretNames } from '../../../shared/ipc/settings.js';
import type { SettingsRepo } from '../store/settings-repo.js';

export interface KeyringInfo {
  /** A real keyring protects the secrets. */
  available: boolean;
  backend: string;
}

export type SecretStorageMode = 'keyring' | 'session' | 'plain';

export interface SecretStore {
  keyring(): KeyringInfo;
  storage(): SecretStorageMode;
  get(name: SecretName): string | null;
  set(name: SecretName, value: string | null): void;
  /** Moves every secret to the given place. */
  setStorage(mode: SecretStorageMode): void;
}

/** Secrets held in memory only: the CLI's and the fallback where no keyring exists. */
export class SessionSecretStore implements SecretStore {
  private readonly values = new Map<SecretName, string>();

  constructor(private readonly info: KeyringInfo = { available: false, backend: 'none' }) {}

  keyring(): KeyringInfo {
    return this.info;
  }

  storage(): 'session' {
    return 'session';
  }

  get(name: SecretName): string | null {
    return this.values.get(name) ?? null;
  }

  set(name: SecretName, value: string | null): void {
    if (value === null || value === '') this.values.delete(name);
    else this.values.set(name, value);
  }

  setStorage(mode: SecretStorageMode): void {
    if (mode !== 'session') {
      throw new Error('Secrets can only be kept for this session here; nothing is stored.');
    }
  }
}

export interface KeyringCipher {
  info(): KeyringInfo;
  /**
   * True when encrypt() works at all, even with the platform's fallback key (Linux without a
   * secret service): that keeps secrets out of the store as plain text, but any program of
   * the same user can undo it.
   */
  canEncrypt(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

const SECRET_KEY_PREFIX = 'secret:';
const STORAGE_KEY = 'secret-storage';

/**
 * Secrets encrypted by the OS keyring and kept as base64 in the store's settings table. Falls
 * back to memory when the operator chose "this session only", and to the platform's fallback
 * encryption ("plain") only when no keyring exists and the operator confirmed it.
 */
export class KeyringSecretStore implements SecretStore {
  private readonly session = new SessionSecretStore();

  constructor(
    private readonly settings: SettingsRepo,
    private readonly cipher: KeyringCipher,
  ) {}

  keyring(): KeyringInfo {
    return this.cipher.info();
  }

  storage(): SecretStorageMode {
    const chosen = this.settings.getRaw(STORAGE_KEY);
    if (chosen === 'keyring' && this.cipher.info().available) return 'keyring';
    if (chosen === 'plain' && this.cipher.canEncrypt()) return 'plain';
    return 'session';
  }

  get(name: SecretName): string | null {
    if (this.storage() === 'session') return this.session.get(name);
    const stored = this.settings.getRaw(SECRET_KEY_PREFIX + name);
    if (!stored) return null;
    try {
      return this.cipher.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      // The keyring changed (another OS user, a reinstalled system): the value is lost.
      return null;
    }
  }

  set(name: SecretName, value: string | null): void {
    if (this.storage() === 'session') {
      this.session.set(name, value);
      return;
    }
    this.settings.setRaw(
      SECRET_KEY_PREFIX + name,
      value ? this.cipher.encrypt(value).toString('base64') : null,
    );
  }

  setStorage(mode: SecretStorageMode): void {
    if (mode === this.storage()) return;
    if (mode === 'keyring' && !this.cipher.info().available) {
      throw new Error(
        'This computer offers no keyring; keep secrets for this session, or confirm storing them without one.',
      );
    }
    if (mode === 'plain' && !this.cipher.canEncrypt()) {
      throw new Error(
        'Secrets cannot be stored on this computer; they are kept for this session only.',
      );
    }
    const values = secretNames.map((name) => [name, this.get(name)] as const);
    for (const name of secretNames) this.set(name, null);
    this.settings.setRaw(STORAGE_KEY, mode);
    for (const [name, value] of values) this.set(name, value);
  }
}
