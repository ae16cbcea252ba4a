/**
 * How a reply's code (and HTTP status) is read. The SCRM does not document its error codes,
 * so the classification lives here alone, with defaults taken from the WeCom platform it
 * fronts, and every set can be overridden from the settings once real codes are seen.
 * Anything else that is not 0 rejects the call.
 */

export interface ReplyCodes {
  /** The access token is unknown, invalid or expired: fetch a new one and send again. */
  readonly tokenRejected: ReadonlySet<number>;
  /** Too many calls: wait and send again. */
  readonly rateLimited: ReadonlySet<number>;
  readonly tokenRejectedStatuses: ReadonlySet<number>;
  readonly rateLimitedStatuses: ReadonlySet<number>;
}

export const DEFAULT_REPLY_CODES: ReplyCodes = {
  tokenRejected: new Set([
    // WeCom: invalid credential (wrong secret, or a token that is not one).
    40001,
    // WeCom: invalid access_token.
    40014,
    // WeCom: access_token expired.
    42001,
    // Gateways that copy the HTTP status into the body.
    401,
  ]),
  rateLimited: new Set([
    // WeCom: API call frequency out of limit.
    45009,
    // WeCom: too many concurrent calls.
    45033,
    // Gateways that copy the HTTP status into the body.
    429,
  ]),
  tokenRejectedStatuses: new Set([401]),
  rateLimitedStatuses: new Set([429]),
};

export type ReplyCodeOverrides = { readonly [K in keyof ReplyCodes]?: Iterable<number> };

/** The defaults with some sets replaced (not merged: an override says what the set is). */
export function replyCodesWith(overrides: ReplyCodeOverrides = {}): ReplyCodes {
  const pick = (key: keyof ReplyCodes) => {
    const given = overrides[key];
    return given === undefined ? DEFAULT_REPLY_CODES[key] : new Set(given);
  };
  return {
    tokenRejected: pick('tokenRejected'),
    rateLimited: pick('rateLimited'),
    tokenRejectedStatuses: pick('tokenRejectedStatuses'),
    rateLimitedStatuses: pick('rateLimitedStatuses'),
  };
}

export type ReplyClass = 'ok' | 'token-rejected' | 'rate-limited' | 'rejected';

/** Classifies by the body's code; an HTTP status that speaks for itself wins. */
export function classifyReply(
  code: number | undefined,
  status: number,
  codes: ReplyCodes = DEFAULT_REPLY_CODES,
): ReplyClass | null {
  if (codes.rateLimitedStatuses.has(status)) return 'rate-limited';
  if (codes.tokenRejectedStatuses.has(status)) return 'token-rejected';
  if (code === undefined) return null;
  if (code === 0) return 'ok';
  if (codes.rateLimited.has(code)) return 'rate-limited';
  if (codes.tokenRejected.has(code)) return 'token-rejected';
  return 'rejected';
}
