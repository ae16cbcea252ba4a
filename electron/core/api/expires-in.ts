/**
 * The token reply's `expiresIn`, which has been seen as a date-time ("2026-12-04 18:00:00",
 * China time) although its name suggests a number of seconds; both are read.
 */
import { parseDateTime } from './china-time.js';

/**
 * Numbers this large cannot be lifetimes (10^9 seconds are 31 years): they are absolute
 * Unix times, in seconds below 10^12 and in milliseconds above.
 */
const EPOCH_SECONDS_FROM = 1e9;
const EPOCH_MILLISECONDS_FROM = 1e12;

const NUMBER_TEXT = /^\d+(?:\.\d+)?$/;

/** Returns the expiry in epoch milliseconds, or null when the value means nothing. */
export function expiryFromExpiresIn(value: unknown, now: number): number | null {
  if (typeof value === 'string') {
    const text = value.trim();
    if (NUMBER_TEXT.test(text)) return expiryFromNumber(Number(text), now);
    return parseDateTime(text);
  }
  if (typeof value === 'number') return expiryFromNumber(value, now);
  return null;
}

function expiryFromNumber(value: number, now: number): number | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  if (value >= EPOCH_MILLISECONDS_FROM) return value;
  if (value >= EPOCH_SECONDS_FROM) return value * 1000;
  return now + value * 1000;
}
