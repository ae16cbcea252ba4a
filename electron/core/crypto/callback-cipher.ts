/**
 * The encryption of WeCom's event callbacks, which the SCRM also asks for on uploaded chat
 * data: AES-256-CBC over
 *
 *   16 random bytes ‖ message byte length (4 bytes, big-endian) ‖ message ‖ receiveId ‖ padding
 *
 * with the IV taken from the key and the result in base64.
 */
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

import { DecryptError, ReceiveIdMismatchError } from './crypto-errors.js';
import { decodeEncodingAesKey } from './encoding-aes-key.js';
import type { AesKeyMaterial } from './encoding-aes-key.js';

const ALGORITHM = 'aes-256-cbc';

/** The random prefix that makes equal messages encrypt differently. */
export const RANDOM_PREFIX_BYTES = 16;

const LENGTH_FIELD_BYTES = 4;
const HEADER_BYTES = RANDOM_PREFIX_BYTES + LENGTH_FIELD_BYTES;

/**
 * The scheme pads with PKCS#7 to a multiple of 32 bytes although AES blocks are 16 (its
 * reference SDKs use the key length as the block size). An already aligned plaintext gets a
 * whole block of 32 bytes of value 32, so pad values run from 1 to 32.
 */
export const PAD_BLOCK_BYTES = 32;

/** What CBC itself needs; peers that pad only to 16 still produce decryptable data. */
const AES_BLOCK_BYTES = 16;

/** The length field is an unsigned 32-bit number. */
const MAX_MESSAGE_BYTES = 0xffff_ffff;

/** Strict base64: Node's decoder would skip a space where a "+" was lost in transit. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface DecryptedParts {
  readonly random: Buffer;
  readonly message: Buffer;
  readonly receiveId: Buffer;
}

export interface CallbackCipher {
  /** Encrypts the message (bytes, or text taken as UTF-8) for this receiver; returns base64. */
  encrypt(message: Buffer | string, random?: Buffer): string;
  /** Decrypts and checks the receiver byte for byte; returns the message bytes. */
  decrypt(encryptData: string): Buffer;
  /** `decrypt` with the message read as UTF-8. */
  decryptText(encryptData: string): string;
}

/** Decodes the key once for any number of messages to or from one receiver. */
export function createCallbackCipher(encodingAesKey: string, receiveId: string): CallbackCipher {
  const material = decodeEncodingAesKey(encodingAesKey);
  const receiveIdBytes = Buffer.from(receiveId, 'utf8');

  return {
    encrypt: (message, random) => encryptWith(material, message, receiveIdBytes, random),
    decrypt: (encryptData) => decryptFor(material, encryptData, receiveIdBytes),
    decryptText: (encryptData) =>
      decryptFor(material, encryptData, receiveIdBytes).toString('utf8'),
  };
}

export function encryptMessage(
  encodingAesKey: string,
  message: Buffer | string,
  receiveId: string,
  random?: Buffer,
): string {
  return createCallbackCipher(encodingAesKey, receiveId).encrypt(message, random);
}

export function decryptMessage(
  encodingAesKey: string,
  encryptData: string,
  receiveId: string,
): Buffer {
  return createCallbackCipher(encodingAesKey, receiveId).decrypt(encryptData);
}

export function decryptMessageText(
  encodingAesKey: string,
  encryptData: string,
  receiveId: string,
): string {
  return createCallbackCipher(encodingAesKey, receiveId).decryptText(encryptData);
}

/** Decrypts without judging the receiver: for diagnostics and tests. */
export function decryptParts(encodingAesKey: string, encryptData: string): DecryptedParts {
  return splitPlaintext(decipher(decodeEncodingAesKey(encodingAesKey), encryptData));
}

function encryptWith(
  { key, iv }: AesKeyMaterial,
  message: Buffer | string,
  receiveIdBytes: Buffer,
  random?: Buffer,
): string {
  const messageBytes =
    typeof message === 'string' ? Buffer.byteLength(message, 'utf8') : message.length;
  if (messageBytes > MAX_MESSAGE_BYTES) {
    throw new RangeError(`A message of ${messageBytes} bytes does not fit the length field.`);
  }
  if (random && random.length !== RANDOM_PREFIX_BYTES) {
    throw new RangeError(`The random prefix must be ${RANDOM_PREFIX_BYTES} bytes.`);
  }

  // One buffer holds the whole padded plaintext, written in place: large batches are
  // megabytes, and every extra copy shows in the upload's throughput.
  const unpadded = HEADER_BYTES + messageBytes + receiveIdBytes.length;
  const padLength = PAD_BLOCK_BYTES - (unpadded % PAD_BLOCK_BYTES);
  const plaintext = Buffer.allocUnsafe(unpadded + padLength);
  if (random) random.copy(plaintext, 0);
  else randomFillSync(plaintext, 0, RANDOM_PREFIX_BYTES);
  plaintext.writeUInt32BE(messageBytes, RANDOM_PREFIX_BYTES);
  if (typeof message === 'string') plaintext.write(message, HEADER_BYTES, 'utf8');
  else message.copy(plaintext, HEADER_BYTES);
  receiveIdBytes.copy(plaintext, HEADER_BYTES + messageBytes);
  plaintext.fill(padLength, unpadded);

  const cipher = createCipheriv(ALGORITHM, key, iv).setAutoPadding(false);
  const body = cipher.update(plaintext);
  // Without automatic padding and with aligned input, final() adds nothing.
  const tail = cipher.final();
  return (tail.length === 0 ? body : Buffer.concat([body, tail])).toString('base64');
}

function decryptFor(material: AesKeyMaterial, encryptData: string, receiveIdBytes: Buffer) {
  const parts = splitPlaintext(decipher(material, encryptData));
  if (!parts.receiveId.equals(receiveIdBytes)) throw new ReceiveIdMismatchError();
  return parts.message;
}

function decipher({ key, iv }: AesKeyMaterial, encryptData: string): Buffer {
  if (encryptData.length % 4 !== 0 || !BASE64.test(encryptData)) {
    throw new DecryptError(
      'not-base64',
      'The encrypted data is not valid base64; a "+" may have been turned into a space on the way.',
    );
  }

  const ciphertext = Buffer.from(encryptData, 'base64');
  if (ciphertext.length < PAD_BLOCK_BYTES || ciphertext.length % AES_BLOCK_BYTES !== 0) {
    throw new DecryptError(
      'bad-length',
      `The encrypted data is ${ciphertext.length} bytes long, which no plaintext of this scheme encrypts to.`,
    );
  }

  const decipherer = createDecipheriv(ALGORITHM, key, iv).setAutoPadding(false);
  const head = decipherer.update(ciphertext);
  const tail = decipherer.final();
  return tail.length === 0 ? head : Buffer.concat([head, tail]);
}

function splitPlaintext(plaintext: Buffer): DecryptedParts {
  const padLength = plaintext[plaintext.length - 1] ?? 0;
  if (padLength < 1 || padLength > PAD_BLOCK_BYTES || padLength > plaintext.length - HEADER_BYTES) {
    throw badPadding();
  }
  const contentEnd = plaintext.length - padLength;
  for (let index = contentEnd; index < plaintext.length; index += 1) {
    if (plaintext[index] !== padLength) throw badPadding();
  }

  const messageBytes = plaintext.readUInt32BE(RANDOM_PREFIX_BYTES);
  if (messageBytes > contentEnd - HEADER_BYTES) {
    throw new DecryptError(
      'bad-declared-length',
      'The decrypted data declares a message longer than itself; the key is probably wrong.',
    );
  }

  const messageEnd = HEADER_BYTES + messageBytes;
  return {
    random: plaintext.subarray(0, RANDOM_PREFIX_BYTES),
    message: plaintext.subarray(HEADER_BYTES, messageEnd),
    receiveId: plaintext.subarray(messageEnd, contentEnd),
  };
}

function badPadding(): DecryptError {
  return new DecryptError(
    'bad-padding',
    'The decrypted data has no valid padding; the EncodingAESKey is probably wrong on one side.',
  );
}
