/**
 * The four strings an upload call carries: the encrypted message list, its signature, and the
 * time stamp and nonce that went into the signature.
 */
import { randomBytes } from 'node:crypto';

import type { Credentials } from '../../../shared/settings.js';
import { createCallbackCipher, RANDOM_PREFIX_BYTES } from './callback-cipher.js';
import { SignatureMismatchError } from './crypto-errors.js';
import { computeSignature, verifySignature } from './signature.js';

export interface Envelope {
  readonly encryptData: string;
  readonly msgSignature: string;
  /** Unix time in seconds, as text. */
  readonly timeStamp: string;
  readonly nonce: string;
}

export type EnvelopeCredentials = Pick<Credentials, 'token' | 'encodingAesKey' | 'receiveId'>;

/** A source of random bytes; tests pass a fixed one to get repeatable envelopes. */
export type RandomSource = (size: number) => Buffer;

/** As long as the nonces of the API page's example. */
export const NONCE_LENGTH = 16;

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Encrypts and signs a message list (`{"msg_list": [...]}` as UTF-8 bytes).
 *
 * @param now milliseconds since the epoch; the envelope carries whole seconds
 */
export function sealMessageList(
  json: Buffer,
  credentials: EnvelopeCredentials,
  now: number = Date.now(),
  random: RandomSource = randomBytes,
): Envelope {
  const cipher = createCallbackCipher(credentials.encodingAesKey, credentials.receiveId);
  const encryptData = cipher.encrypt(json, random(RANDOM_PREFIX_BYTES));
  const timeStamp = String(Math.floor(now / 1000));
  const nonce = makeNonce(random);
  const msgSignature = computeSignature(credentials.token, timeStamp, nonce, encryptData);
  return { encryptData, msgSignature, timeStamp, nonce };
}

/**
 * Checks the signature, then decrypts and checks the receiver; returns the message bytes.
 * Throws SignatureMismatchError, DecryptError or ReceiveIdMismatchError.
 */
export function openEnvelope(envelope: Envelope, credentials: EnvelopeCredentials): Buffer {
  const { encryptData, msgSignature, timeStamp, nonce } = envelope;
  if (!verifySignature(msgSignature, credentials.token, timeStamp, nonce, encryptData)) {
    throw new SignatureMismatchError();
  }
  return createCallbackCipher(credentials.encodingAesKey, credentials.receiveId).decrypt(
    encryptData,
  );
}

function makeNonce(random: RandomSource): string {
  // The nonce only has to differ between calls; the slight lean of `byte % 62` towards the
  // first letters does not matter for that.
  const bytes = random(NONCE_LENGTH);
  let nonce = '';
  for (let index = 0; index < NONCE_LENGTH; index += 1) {
    nonce += NONCE_ALPHABET[(bytes[index] ?? 0) % NONCE_ALPHABET.length];
  }
  return nonce;
}
