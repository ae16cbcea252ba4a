/**
 * The message signature of the callback scheme: the hex SHA-1 of token, timeStamp, nonce and
 * encryptData, sorted and joined.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function computeSignature(
  token: string,
  timeStamp: string,
  nonce: string,
  encryptData: string,
): string {
  // The peers sort by UTF-16 code unit, which is what sort() does without a comparator.
  // localeCompare would put "_" and lower case before upper case and break the signature.
  const parts = [token, timeStamp, nonce, encryptData].sort();

  // Hash the parts one after another rather than joined: encryptData can be megabytes, and
  // joining would copy it once more.
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part, encodingFor(part));
  return hash.digest('hex');
}

/**
 * For ASCII text, latin1 gives the same bytes as UTF-8 at half the cost (measured on base64
 * of megabytes); a string is ASCII exactly when its UTF-8 length equals its length.
 */
function encodingFor(part: string): BufferEncoding {
  return Buffer.byteLength(part, 'utf8') === part.length ? 'latin1' : 'utf8';
}

/** Compares in constant time, so a forger learns nothing from how long a refusal takes. */
export function verifySignature(
  signature: string,
  token: string,
  timeStamp: string,
  nonce: string,
  encryptData: string,
): boolean {
  const expected = Buffer.from(computeSignature(token, timeStamp, nonce, encryptData), 'latin1');
  const given = Buffer.from(signature.toLowerCase(), 'latin1');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
