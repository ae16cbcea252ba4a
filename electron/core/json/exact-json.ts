/**
 * JSON that keeps integers above 2^53 digit for digit (WeCom's `seq`, `meetingid`, file
 * sizes, ...), which plain `JSON.parse` rounds.
 *
 * Native JSON.parse is several times faster than any JavaScript parser, so it stays the fast
 * path; the lossless parser runs only on text where a long digit run follows a `:`, `,` or
 * `[` (the only places a bare number can start). A long digit run inside a string can trigger
 * the slow path too, which costs time but never correctness.
 */
import { isInteger, parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';

/** 2^53 has 16 digits, so any integer JSON.parse could round has at least 16. */
const POSSIBLY_UNSAFE_NUMBER = /[:,[]\s*-?\d{16}/;

export function mayHoldLargeInteger(text: string): boolean {
  return POSSIBLY_UNSAFE_NUMBER.test(text);
}

/** Parses JSON; unsafe integers become bigint, every other number stays a number. */
export function parseExact(text: string): unknown {
  if (!mayHoldLargeInteger(text)) return JSON.parse(text);
  return parseLossless(text, null, parseNumberExact);
}

/**
 * lossless-json's own parseNumberAndBigInt makes every integer a bigint, so one large `seq`
 * would turn `msgtime` into a bigint too, which the rest of the app does not read as a time.
 */
function parseNumberExact(text: string): number | bigint {
  const value = Number(text);
  return isInteger(text) && !Number.isSafeInteger(value) ? BigInt(text) : value;
}

/** Serialises a value that may hold bigint values, writing them as plain JSON numbers. */
export function stringifyExact(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Only bigint makes JSON.stringify throw a TypeError on parsed JSON (no cycles there).
    const text = stringifyLossless(value);
    if (text === undefined) throw error;
    return text;
  }
}
