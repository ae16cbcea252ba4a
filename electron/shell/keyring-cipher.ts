/** The OS keyring through Electron's safeStorage, as the core's KeyringCipher. */
import { safeStorage } from 'electron';

import type { KeyringCipher } from '../core/service/secret-store.js';

export function safeStorageCipher(): KeyringCipher {
  return {
    info() {
      const available = safeStorage.isEncryptionAvailable();
      if (process.platform !== 'linux') {
        return { available, backend: process.platform === 'darwin' ? 'keychain' : 'dpapi' };
      }
      // On Linux without a secret service, Electron falls back to a hard-coded key ("basic_text"):
      // that protects nothing, so it does not count as a keyring.
      const backend = safeStorage.getSelectedStorageBackend();
      return { available: available && backend !== 'basic_text' && backend !== 'unknown', backend };
    },
    canEncrypt: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  };
}
