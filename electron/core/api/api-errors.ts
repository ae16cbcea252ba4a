/**
 * Failures of the API clients that are not outcomes of one upload call: settings that cannot
 * work, and a token service that does not give a token. Their messages are sentences an
 * operator can act on; the detail is logged where they are thrown.
 */

/** The base URL would send credentials in clear text, or is not a URL at all. */
export class UnsafeBaseUrlError extends Error {
  override readonly name = 'UnsafeBaseUrlError';
}

export type TokenFailure =
  /** The SCRM refused the clientId and clientSecret. */
  | 'credentials'
  /** No answer: network down, wrong host, timeout, or the service answered HTTP 5xx. */
  | 'unreachable'
  /** The token service asked us to slow down. */
  | 'busy'
  /** An answer came but it is not a token reply. */
  | 'bad-reply'
  /** Fresh tokens kept being rejected; refreshing again would only loop. */
  | 'refresh-limit';

export class TokenError extends Error {
  override readonly name = 'TokenError';

  constructor(
    readonly reason: TokenFailure,
    message: string,
    readonly detail: { readonly status?: number; readonly code?: number } = {},
  ) {
    super(message);
  }
}
