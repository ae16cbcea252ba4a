import path from 'node:path';

import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { tempDir } from '../../../test/support/temp-dir.js';
import { openDatabase } from '../store/database.js';
import { SettingsRepo } from '../store/settings-repo.js';
import { type KeyringCipher, KeyringSecretStore, SessionSecretStore } from './secret-store.js';

/** A reversible stand-in for the OS keyring: enough to see what the store keeps. */
function fakeCipher(options: { available: boolean; canEncrypt: boolean }): KeyringCipher {
  return {
    info: () => ({
      available: options.available,
      backend: options.available ? 'test-keyring' : 'basic_text',
    }),
    canEncrypt: () => options.canEncrypt,
    encrypt: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)),
    decrypt: (cipher) => Buffer.from(cipher.map((byte) => byte ^ 0x5a)).toString('utf8'),
  };
}

describe('KeyringSecretStore', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Database;
  let settings: SettingsRepo;

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(path.join(dir.path, 'store.db'));
    settings = new SettingsRepo(db);
  });

  afterEach(() => {
    db.close();
    dir.remove();
  });

  function storedText(): string {
    return (
      (db.prepare('SELECT group_concat(value) FROM settings').pluck().get() as string | null) ?? ''
    );
  }

  it('keeps secrets for the session until the operator chooses otherwise', () => {
    const store = new KeyringSecretStore(
      settings,
      fakeCipher({ available: true, canEncrypt: true }),
    );
    store.set('clientSecret', 'session-secret');
    expect(store.storage()).toBe('session');
    expect(store.get('clientSecret')).toBe('session-secret');
    expect(storedText()).not.toContain('session-secret');
    expect(
      new KeyringSecretStore(settings, fakeCipher({ available: true, canEncrypt: true })).get(
        'clientSecret',
      ),
    ).toBeNull();
  });

  it('moves secrets into the keyring, never as plain text, and reads them after a restart', () => {
    const store = new KeyringSecretStore(
      settings,
      fakeCipher({ available: true, canEncrypt: true }),
    );
    store.set('token', 'keyring-token');
    store.setStorage('keyring');
    expect(store.storage()).toBe('keyring');
    expect(storedText()).not.toContain('keyring-token');
    const reopened = new KeyringSecretStore(
      settings,
      fakeCipher({ available: true, canEncrypt: true }),
    );
    expect(reopened.get('token')).toBe('keyring-token');
  });

  it('stores secrets without a keyring only when asked to, and then survives a restart', () => {
    const cipher = fakeCipher({ available: false, canEncrypt: true });
    const store = new KeyringSecretStore(settings, cipher);
    expect(() => store.setStorage('keyring')).toThrow(/no keyring/);
    store.set('encodingAesKey', 'plain-mode-key');
    store.setStorage('plain');
    expect(store.storage()).toBe('plain');
    expect(storedText()).not.toContain('plain-mode-key');
    expect(new KeyringSecretStore(settings, cipher).get('encodingAesKey')).toBe('plain-mode-key');
  });

  it('refuses to store secrets where nothing can encrypt them', () => {
    const store = new KeyringSecretStore(
      settings,
      fakeCipher({ available: false, canEncrypt: false }),
    );
    expect(() => store.setStorage('plain')).toThrow(/session only/);
    expect(store.storage()).toBe('session');
  });

  it('loses a secret the keyring can no longer decrypt instead of failing', () => {
    const store = new KeyringSecretStore(
      settings,
      fakeCipher({ available: true, canEncrypt: true }),
    );
    store.setStorage('keyring');
    store.set('clientSecret', 'x');
    const broken = new KeyringSecretStore(settings, {
      ...fakeCipher({ available: true, canEncrypt: true }),
      decrypt: () => {
        throw new Error('wrong key');
      },
    });
    expect(broken.get('clientSecret')).toBeNull();
  });
});

describe('SessionSecretStore', () => {
  it('says plainly that it stores nothing', () => {
    const store = new SessionSecretStore();
    expect(() => store.setStorage('plain')).toThrow(/only be kept for this session/);
    expect(() => store.setStorage('session')).not.toThrow();
  });
});
