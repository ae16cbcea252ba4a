import { createHash } from 'node:crypto';

import * as wecom from '@wecom/crypto';
import { describe, expect, it } from 'vitest';

import { computeSignature, verifySignature } from './signature.js';

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

describe('computeSignature', () => {
  it.each<[string, [string, string, string, string]]>([
    ['simple values', ['token', '1660618191', 'DH75AiKExevY8L38', 'YWJj']],
    ['mixed case and underscores', ['Tok_en', '1660618191', '_nonce', 'abc+/=']],
    ['Chinese in the token', ['令牌token', '1660618191', 'n0nce', 'QUJD']],
    ['an emoji in the nonce', ['token', '1660618191', 'n😀', 'QUJD']],
  ])('agrees with the official package on %s', (_, parts) => {
    expect(computeSignature(...parts)).toBe(wecom.getSignature(...parts));
  });

  it.each<[string, string]>([
    ['long base64', 'QUJD+/=='.repeat(40_000)],
    ['an emoji across a slice boundary', `${'x'.repeat(65_535)}😀${'y'.repeat(70_000)}`],
    ['Chinese across every slice', '尘锋'.repeat(100_000)],
  ])('agrees with the official package on %s', (_, encryptData) => {
    const parts: [string, string, string, string] = ['token', '1660618191', 'nonce', encryptData];
    expect(computeSignature(...parts)).toBe(wecom.getSignature(...parts));
  });

  it('sorts by UTF-16 code unit: "B" before "_" before "a"', () => {
    const token = 'a_token';
    const timeStamp = 'B1';
    const nonce = '_nonce';
    const encryptData = 'Zdata';
    // Code-unit order: "B1" < "Zdata" < "_nonce" < "a_token".
    const expected = sha1('B1' + 'Zdata' + '_nonce' + 'a_token');
    // Locale order would put "_" first and mix the cases: a different digest.
    const localeOrdered = [token, timeStamp, nonce, encryptData].sort((a, b) => a.localeCompare(b));

    expect(computeSignature(token, timeStamp, nonce, encryptData)).toBe(expected);
    expect(sha1(localeOrdered.join(''))).not.toBe(expected);
  });

  it('hashes text outside ASCII as UTF-8', () => {
    expect(computeSignature('é', '1', '2', '3')).toBe(sha1('123é'));
    expect(computeSignature('é', '1', '2', '3')).not.toBe(
      createHash('sha1').update('123é', 'latin1').digest('hex'),
    );
  });
});

describe('verifySignature', () => {
  const parts: [string, string, string, string] = ['token', '1660618191', 'nonce', 'QUJD'];
  const good = computeSignature(...parts);

  it.each<[string, string, boolean]>([
    ['the right signature', good, true],
    ['the right signature in upper case', good.toUpperCase(), true],
    ['one changed digit', `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`, false],
    ['a truncated signature', good.slice(0, -1), false],
    ['an empty signature', '', false],
  ])('answers %s with %s', (_, signature, expected) => {
    expect(verifySignature(signature, ...parts)).toBe(expected);
  });

  it('refuses a signature made with another token', () => {
    expect(verifySignature(good, 'other', ...(parts.slice(1) as [string, string, string]))).toBe(
      false,
    );
  });
});
