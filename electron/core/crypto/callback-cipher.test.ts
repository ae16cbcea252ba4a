import { createCipheriv, createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as wecom from '@wecom/crypto';
import { describe, expect, it } from 'vitest';

import {
  createCallbackCipher,
  decryptMessage,
  decryptMessageText,
  decryptParts,
  encryptMessage,
  PAD_BLOCK_BYTES,
} from './callback-cipher.js';
import {
  DecryptError,
  InvalidEncodingAesKeyError,
  ReceiveIdMismatchError,
} from './crypto-errors.js';
import { decodeEncodingAesKey } from './encoding-aes-key.js';

// A fixed key so that failures reproduce; 43 characters as the SCRM shows it.
const KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const RECEIVE_ID = 'ww1234567890abcdef';
const RANDOM = Buffer.from('0123456789abcdef');

/** AES-256-CBC without padding, the way an independent implementation would run it. */
function rawDecrypt(encryptData: string): Buffer {
  const { key, iv } = decodeEncodingAesKey(KEY);
  const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encryptData, 'base64')), decipher.final()]);
}

function rawEncrypt(plaintext: Buffer): string {
  const { key, iv } = decodeEncodingAesKey(KEY);
  const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
}

/** Builds a plaintext by hand, with whatever padding and length field a test wants. */
function handMadePlaintext(options: {
  message: Buffer;
  receiveId?: Buffer;
  declaredLength?: number;
  pad: Buffer;
}): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(options.declaredLength ?? options.message.length);
  return Buffer.concat([
    RANDOM,
    length,
    options.message,
    options.receiveId ?? Buffer.from(RECEIVE_ID),
    options.pad,
  ]);
}

/** A message whose plaintext (20-byte header, message, receiveId) is `total` bytes. */
function messageForUnpaddedLength(total: number): string {
  return 'm'.repeat(total - 20 - Buffer.byteLength(RECEIVE_ID));
}

const messages: Array<[string, string]> = [
  ['plain ASCII', '{"msg_list":[]}'],
  ['Chinese', '{"text":{"content":"你好，尘锋"}}'],
  ['emoji outside the BMP', '{"text":{"content":"👍🏻 ok 😀"}}'],
  ['an empty message', ''],
  ['a long message', 'x'.repeat(100_000)],
];

describe('callback cipher', () => {
  it.each(messages)('round-trips %s through the official package in both directions', (_, text) => {
    const ours = encryptMessage(KEY, text, RECEIVE_ID, RANDOM);
    const theirs = wecom.encrypt(KEY, text, RECEIVE_ID, RANDOM);

    expect(ours).toBe(theirs);
    expect(wecom.decrypt(KEY, ours)).toEqual({ message: text, id: RECEIVE_ID, random: RANDOM });
    expect(decryptMessageText(KEY, wecom.encrypt(KEY, text, RECEIVE_ID), RECEIVE_ID)).toBe(text);
  });

  it('encrypts bytes and text alike', () => {
    const text = '{"text":{"content":"混合 mixed 🙂"}}';
    expect(encryptMessage(KEY, Buffer.from(text), RECEIVE_ID, RANDOM)).toBe(
      encryptMessage(KEY, text, RECEIVE_ID, RANDOM),
    );
  });

  it('writes the byte length of the message, not its string length', () => {
    for (const text of ['你好', '😀', 'a😀b你']) {
      const plaintext = rawDecrypt(encryptMessage(KEY, text, RECEIVE_ID, RANDOM));
      expect(plaintext.readUInt32BE(16)).toBe(Buffer.byteLength(text));
      expect(plaintext.readUInt32BE(16)).not.toBe(text.length);
    }
  });

  it('pads a plaintext already a multiple of 32 bytes with a whole block of 32', () => {
    const message = messageForUnpaddedLength(64);
    const encryptData = encryptMessage(KEY, message, RECEIVE_ID, RANDOM);
    const plaintext = rawDecrypt(encryptData);

    expect(plaintext.length).toBe(64 + PAD_BLOCK_BYTES);
    expect([...plaintext.subarray(64)]).toEqual(new Array(32).fill(32));
    expect(decryptMessageText(KEY, encryptData, RECEIVE_ID)).toBe(message);
    expect(wecom.decrypt(KEY, encryptData).message).toBe(message);
  });

  it.each(Array.from({ length: 32 }, (_, index) => index + 1))(
    'pads to a multiple of 32 and accepts the pad value %i',
    (pad) => {
      const message = messageForUnpaddedLength(96 - pad);
      const ours = encryptMessage(KEY, message, RECEIVE_ID, RANDOM);
      const plaintext = rawDecrypt(ours);
      expect(plaintext.length).toBe(96);
      expect(plaintext[95]).toBe(pad);

      const handMade = rawEncrypt(
        handMadePlaintext({ message: Buffer.from(message), pad: Buffer.alloc(pad, pad) }),
      );
      expect(decryptMessageText(KEY, handMade, RECEIVE_ID)).toBe(message);
    },
  );

  it.each<[string, Buffer]>([
    ['a pad value of 0', Buffer.from([0])],
    ['a pad value of 33', Buffer.alloc(33, 33)],
    ['pad bytes that disagree', Buffer.from([7, 7, 7, 7, 7, 3, 7])],
  ])('refuses %s', (_, pad) => {
    const message = Buffer.from('m'.repeat(96 - 20 - RECEIVE_ID.length - pad.length));
    const encryptData = rawEncrypt(handMadePlaintext({ message, pad }));
    expect(() => decryptMessage(KEY, encryptData, RECEIVE_ID)).toThrow(
      expect.objectContaining({ reason: 'bad-padding' }),
    );
  });

  it('refuses a declared length longer than the data', () => {
    const message = Buffer.from('m'.repeat(96 - 20 - RECEIVE_ID.length - 4));
    const encryptData = rawEncrypt(
      handMadePlaintext({ message, pad: Buffer.alloc(4, 4), declaredLength: 1_000 }),
    );
    expect(() => decryptMessage(KEY, encryptData, RECEIVE_ID)).toThrow(
      expect.objectContaining({ reason: 'bad-declared-length' }),
    );
  });

  it.each<[string, string]>([
    ['one differing last byte', 'ww1234567890abcdeg'],
    ['a different case', 'WW1234567890ABCDEF'],
    ['a prefix of it', 'ww1234567890abcde'],
    ['a longer id', 'ww1234567890abcdef0'],
    ['the empty id', ''],
  ])('rejects a receiveId that differs by %s', (_, otherId) => {
    const encryptData = encryptMessage(KEY, 'hello', RECEIVE_ID, RANDOM);
    expect(() => decryptMessage(KEY, encryptData, otherId)).toThrow(ReceiveIdMismatchError);
  });

  it('compares the receiveId by bytes, not by how it looks', () => {
    const composed = 'corp-\u00e9';
    const decomposed = 'corp-e\u0301';
    const encryptData = encryptMessage(KEY, 'hello', composed, RANDOM);

    expect(decryptMessageText(KEY, encryptData, composed)).toBe('hello');
    expect(() => decryptMessage(KEY, encryptData, decomposed)).toThrow(ReceiveIdMismatchError);
    expect(decryptParts(KEY, encryptData).receiveId.toString('utf8')).toBe(composed);
  });

  it('keeps "+" and "/" in the ciphertext, and refuses one whose "+" became a space', () => {
    const cipher = createCallbackCipher(KEY, RECEIVE_ID);
    let encryptData = '';
    for (let seed = 0; seed < 256 && !/\+.*\/|\/.*\+/.test(encryptData); seed += 1) {
      encryptData = cipher.encrypt('{"msg_list":[]}', Buffer.alloc(16, seed));
    }
    expect(encryptData).toMatch(/\+/);
    expect(encryptData).toMatch(/\//);

    const carried = JSON.parse(JSON.stringify({ encryptData })) as { encryptData: string };
    expect(cipher.decryptText(carried.encryptData)).toBe('{"msg_list":[]}');

    const formDecoded = new URLSearchParams(`d=${encryptData}`).get('d') ?? '';
    expect(formDecoded).toContain(' ');
    expect(() => cipher.decrypt(formDecoded)).toThrow(
      expect.objectContaining({ reason: 'not-base64' }),
    );
  });

  it('refuses ciphertext of a length no plaintext encrypts to', () => {
    const cipher = createCallbackCipher(KEY, RECEIVE_ID);
    for (const size of [0, 16, 33, 40]) {
      const encryptData = Buffer.alloc(size, 1).toString('base64');
      expect(() => cipher.decrypt(encryptData)).toThrow(DecryptError);
    }
  });

  it('decodes the example of the API page to 172 blocks of 32 bytes', () => {
    const page = readFileSync(
      new URL('../../../test/fixtures/dustess-chat-archive-upload.txt', import.meta.url),
      'utf8',
    );
    const encryptData = /"encryptData":\s*"([^"]+)"/.exec(page)?.[1] ?? '';
    const bytes = Buffer.from(encryptData, 'base64');

    expect(bytes.toString('base64')).toBe(encryptData);
    expect(bytes.length).toBe(5504);
    expect(bytes.length).toBe(172 * PAD_BLOCK_BYTES);
  });

  it('refuses a random prefix that is not 16 bytes', () => {
    expect(() => encryptMessage(KEY, 'x', RECEIVE_ID, Buffer.alloc(15))).toThrow(RangeError);
  });
});

describe('EncodingAESKey', () => {
  it.each<[string, string]>([
    ['42 characters', KEY.slice(0, 42)],
    ['44 characters', `${KEY}A`],
    ['the trailing "=" added', `${KEY}=`],
    ['a character outside base64', `${KEY.slice(0, 42)}-`],
    ['a space inside', `${KEY.slice(0, 20)} ${KEY.slice(21)}`],
  ])('refuses a key with %s, with a sentence', (_, key) => {
    expect(() => encryptMessage(key, 'x', RECEIVE_ID)).toThrow(InvalidEncodingAesKeyError);
    expect(() => encryptMessage(key, 'x', RECEIVE_ID)).toThrow(/EncodingAESKey .*\.$/);
  });

  it('takes the IV from the first 16 key bytes', () => {
    const { key, iv } = decodeEncodingAesKey(KEY);
    expect(key.length).toBe(32);
    expect(iv).toEqual(key.subarray(0, 16));
  });
});
