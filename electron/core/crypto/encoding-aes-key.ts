/**
 * The EncodingAESKey of the callback scheme: 43 characters of base64 that decode, once the
 * missing "=" is put back, to the 32 bytes of an AES-256 key.
 */
import { randomBytes } from 'node:crypto';

import { InvalidEncodingAesKeyError } from './crypto-errors.js';
import { ENCODING_AES_KEY_PATTERN } from '../../../shared/settings.js';

/** AES-256 takes a 32-byte key. */
export const AES_KEY_BYTES = 32;

/** The scheme uses the first 16 key bytes as the CBC initialisation vector (one AES block). */
export const IV_BYTES = 16;

/** 32 bytes are 44 base64 characters ending in one "="; the scheme leaves that "=" off. */
export const ENCODING_AES_KEY_LENGTH = 43;

const BASE64_43 = ENCODING_AES_KEY_PATTERN;

export interface AesKeyMaterial {
  readonly key: Buffer;
  readonly iv: Buffer;
}

export function decodeEncodingAesKey(encodingAesKey: string): AesKeyMaterial {
  // Node's base64 decoder skips characters it does not know, so a mistyped key would quietly
  // decode to fewer bytes; check the alphabet and the length first.
  if (!BASE64_43.test(encodingAesKey)) {
    throw new InvalidEncodingAesKeyError(
      `The EncodingAESKey must be exactly ${ENCODING_AES_KEY_LENGTH} letters, digits, "+" or "/" ` +
        `(it has ${encodingAesKey.length} characters); copy it again from the SCRM's settings.`,
    );
  }

  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== AES_KEY_BYTES) {
    throw new InvalidEncodingAesKeyError(
      `The EncodingAESKey decodes to ${key.length} bytes instead of ${AES_KEY_BYTES}; copy it again from the SCRM's settings.`,
    );
  }
  return { key, iv: key.subarray(0, IV_BYTES) };
}

/** A fresh random key in the form an operator would paste (for the sandbox and tests). */
export function generateEncodingAesKey(): string {
  return randomBytes(AES_KEY_BYTES).toString('base64').slice(0, ENCODING_AES_KEY_LENGTH);
}
