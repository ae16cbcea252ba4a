import * as wecom from '@wecom/crypto';
import { describe, expect, it } from 'vitest';

import { decodeEncodingAesKey } from './encoding-aes-key.js';
import { DecryptError, ReceiveIdMismatchError, SignatureMismatchError } from './crypto-errors.js';
import type { Envelope, EnvelopeCredentials } from './envelope.js';
import { NONCE_LENGTH, openEnvelope, sealMessageList } from './envelope.js';

const credentials: EnvelopeCredentials = {
  token: 'Callback_Token',
  encodingAesKey: 'kq3Wb0Yx8WZ1N2mI2pVqZ8T0pWc5J3vQm7dR4sLh6Fa',
  receiveId: 'ww0123456789',
};

const json = Buffer.from('{"msg_list":[{"msgid":"m1","text":{"content":"你好 😀"}}]}');
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

/** A repeatable source: counts up from a seed. */
function counting(seed: number) {
  let next = seed;
  return (size: number) => Buffer.from(Array.from({ length: size }, () => next++ % 256));
}

describe('sealMessageList', () => {
  it('produces four strings the official package verifies and decrypts', () => {
    const envelope = sealMessageList(json, credentials, NOW);

    expect(Object.values(envelope).every((value) => typeof value === 'string')).toBe(true);
    expect(envelope.msgSignature).toBe(
      wecom.getSignature(
        credentials.token,
        envelope.timeStamp,
        envelope.nonce,
        envelope.encryptData,
      ),
    );
    const opened = wecom.decrypt(credentials.encodingAesKey, envelope.encryptData);
    expect(opened.message).toBe(json.toString('utf8'));
    expect(opened.id).toBe(credentials.receiveId);
  });

  it('stamps whole Unix seconds and a 16-character alphanumeric nonce', () => {
    const envelope = sealMessageList(json, credentials, NOW);
    expect(envelope.timeStamp).toBe(String(Math.floor(NOW / 1000)));
    expect(envelope.nonce).toMatch(new RegExp(`^[A-Za-z0-9]{${NONCE_LENGTH}}$`));
  });

  it('repeats itself given the same random source, and only then', () => {
    const first = sealMessageList(json, credentials, NOW, counting(7));
    expect(sealMessageList(json, credentials, NOW, counting(7))).toEqual(first);

    const other = sealMessageList(json, credentials, NOW, counting(8));
    expect(other.encryptData).not.toBe(first.encryptData);
    expect(other.nonce).not.toBe(first.nonce);
  });

  it('uses its random source for the 16-byte prefix', () => {
    const random = counting(0);
    const envelope = sealMessageList(json, credentials, NOW, random);
    expect(wecom.decrypt(credentials.encodingAesKey, envelope.encryptData).random).toEqual(
      counting(0)(16),
    );
  });
});

describe('openEnvelope', () => {
  const envelope = sealMessageList(json, credentials, NOW);

  it('returns the message bytes of a sound envelope', () => {
    expect(openEnvelope(envelope, credentials).equals(json)).toBe(true);
  });

  it('opens an envelope the official package sealed', () => {
    const encryptData = wecom.encrypt(
      credentials.encodingAesKey,
      json.toString('utf8'),
      credentials.receiveId,
    );
    const foreign: Envelope = {
      encryptData,
      timeStamp: '1660618191',
      nonce: 'DH75AiKExevY8L38',
      msgSignature: wecom.getSignature(
        credentials.token,
        '1660618191',
        'DH75AiKExevY8L38',
        encryptData,
      ),
    };
    expect(openEnvelope(foreign, credentials).equals(json)).toBe(true);
  });

  it.each<[string, Envelope]>([
    ['a changed time stamp', { ...envelope, timeStamp: String(Number(envelope.timeStamp) + 1) }],
    ['a changed nonce', { ...envelope, nonce: `${envelope.nonce.slice(1)}x` }],
    // Another first character than the random one sealed (which is "A" once in 64 runs).
    [
      'changed data',
      {
        ...envelope,
        encryptData: `${envelope.encryptData.startsWith('A') ? 'B' : 'A'}${envelope.encryptData.slice(1)}`,
      },
    ],
  ])('refuses %s by its signature', (_, tampered) => {
    expect(() => openEnvelope(tampered, credentials)).toThrow(SignatureMismatchError);
  });

  it('refuses an envelope signed with another token', () => {
    expect(() => openEnvelope(envelope, { ...credentials, token: 'callback_token' })).toThrow(
      SignatureMismatchError,
    );
  });

  it('refuses an envelope sealed for another receiver', () => {
    expect(() => openEnvelope(envelope, { ...credentials, receiveId: 'ww0123456788' })).toThrow(
      ReceiveIdMismatchError,
    );
  });

  it('refuses an envelope sealed with another key', () => {
    // The first character changes key bits; the last one partly falls off the 32 bytes.
    const otherKey = `A${credentials.encodingAesKey.slice(1)}`;
    expect(decodeEncodingAesKey(otherKey).key).not.toEqual(
      decodeEncodingAesKey(credentials.encodingAesKey).key,
    );
    expect(() => openEnvelope(envelope, { ...credentials, encodingAesKey: otherKey })).toThrow(
      DecryptError,
    );
  });
});
