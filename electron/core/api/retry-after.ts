/** The HTTP Retry-After header: a number of seconds, or an HTTP date. */

/** Returns the wait in milliseconds, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;

  // Date.parse reads the IMF-fixdate of RFC 9110 ("Sun, 06 Nov 1994 08:49:37 GMT"); only
  // accept text that names GMT, so that a stray number is not taken for a year.
  if (!/GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
