/**
 * The access token for upload calls: fetched with clientId and clientSecret, kept until
 * shortly before it expires, shared by concurrent callers, and fetched anew when the SCRM
 * refuses it, but not without end.
 */
import { createLogger, redactUrl } from '../logging/logger.js';
import { TokenError } from './api-errors.js';
import { endpointUrl } from './base-url.js';
import { expiryFromExpiresIn } from './expires-in.js';
import { postJson } from './http-post.js';
import { describeReply, readReplyBody } from './reply-body.js';
import type { ReplyBody } from './reply-body.js';
import { classifyReply, DEFAULT_REPLY_CODES } from './reply-codes.js';
import type { ReplyCodes } from './reply-codes.js';

export const TOKEN_PATH = '/auth/v1/access_token/token';

/** A token request is tiny; a quarter minute without an answer means something is wrong. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 15_000;

/**
 * Renew this long before the stated expiry, so that a batch sent with the token does not
 * arrive after it, even with the clocks a few minutes apart.
 */
export const TOKEN_SAFETY_MARGIN_MS = 5 * 60_000;

/** Keep even a short-lived token this long, so that a wrong clock cannot cause a fetch per call. */
export const MIN_TOKEN_REUSE_MS = 30_000;

/** How long to keep a token whose expiresIn cannot be read: short, but not a fetch per call. */
export const UNKNOWN_EXPIRY_REUSE_MS = 10 * 60_000;

/**
 * A refused token is renewed at once; when fresh tokens keep being refused (an app without
 * the upload permission, a clientId of another company), renewing again would loop. Three
 * renewals in ten minutes cover a token revoked by a second device. Renewals whose token was
 * then accepted no longer count: they were no loop.
 */
export const DEFAULT_REFRESH_LIMIT = { count: 3, windowMs: 10 * 60_000 } as const;

const log = createLogger('api.token');

export interface TokenClientOptions {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetchImpl?: typeof fetch;
  readonly now?: () => number;
  readonly timeoutMs?: number;
  readonly safetyMarginMs?: number;
  readonly refreshLimit?: { readonly count: number; readonly windowMs: number };
  readonly replyCodes?: ReplyCodes;
}

export interface TokenClient {
  /** A token valid for a while yet; fetches one when needed. Throws TokenError. */
  getToken(): Promise<string>;
  /**
   * Drops the cached token after the SCRM refused it. Pass the refused token so that a late
   * refusal of an old token does not throw away the new one another caller fetched.
   */
  invalidate(refusedToken?: string): void;
  /**
   * The SCRM took a call made with this token. A fresh token that works proves the renewals
   * before it were no loop, so they stop counting toward the refresh limit.
   */
  accepted(token: string): void;
  /** When the SCRM said the cached token expires, or null (none cached, or no readable expiry). */
  expiresAt(): number | null;
}

interface CachedToken {
  readonly value: string;
  readonly reuseUntil: number;
  /** The expiry the SCRM stated, when it could be read. */
  readonly expiresAt: number | null;
}

/** Throws UnsafeBaseUrlError at once for a base URL that would expose the secret. */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const url = endpointUrl(options.baseUrl, TOKEN_PATH);
  const now = options.now ?? Date.now;
  const limit = options.refreshLimit ?? DEFAULT_REFRESH_LIMIT;

  let cached: CachedToken | null = null;
  let inFlight: Promise<CachedToken> | null = null;
  let refusedSinceFetch = false;
  const forcedRefreshes: number[] = [];

  function startFetch(): Promise<CachedToken> {
    if (refusedSinceFetch) {
      const at = now();
      while (forcedRefreshes.length > 0 && (forcedRefreshes[0] ?? 0) <= at - limit.windowMs) {
        forcedRefreshes.shift();
      }
      if (forcedRefreshes.length >= limit.count) {
        log.error('token refresh limit reached', { refreshes: forcedRefreshes.length });
        throw new TokenError(
          'refresh-limit',
          `The SCRM refused ${forcedRefreshes.length} fresh access tokens within ${Math.round(limit.windowMs / 60_000)} minutes; check that the clientId and clientSecret belong to an app allowed to upload chat archives, then try again.`,
        );
      }
      forcedRefreshes.push(at);
      refusedSinceFetch = false;
    }
    return fetchToken(url, options, now);
  }

  return {
    async getToken() {
      if (cached && now() < cached.reuseUntil) return cached.value;
      if (!inFlight) {
        const request = startFetch();
        inFlight = request;
        request.then(
          (token) => {
            cached = token;
            inFlight = null;
          },
          () => {
            inFlight = null;
          },
        );
      }
      return (await inFlight).value;
    },

    invalidate(refusedToken) {
      if (refusedToken !== undefined && cached?.value !== refusedToken) return;
      cached = null;
      refusedSinceFetch = true;
    },

    accepted(token) {
      if (cached?.value === token) forcedRefreshes.length = 0;
    },

    expiresAt() {
      return cached?.expiresAt ?? null;
    },
  };
}

async function fetchToken(
  url: URL,
  options: TokenClientOptions,
  now: () => number,
): Promise<CachedToken> {
  const exchange = await postJson({
    url,
    body: JSON.stringify({ clientId: options.clientId, clientSecret: options.clientSecret }),
    timeoutMs: options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS,
    fetchImpl: options.fetchImpl,
  });
  const logFields = { method: 'POST', url: redactUrl(url.href), durationMs: exchange.durationMs };

  if (exchange.kind === 'no-reply') {
    log.warn('token request: no reply', {
      ...logFields,
      reason: exchange.reason,
      detail: exchange.detail,
    });
    throw new TokenError(
      'unreachable',
      `Could not reach the SCRM token service at ${url.host} (${exchange.reason}); check the network connection and the base URL, then try again.`,
    );
  }

  const reply = readReplyBody(exchange.text);
  log.info('token request', { ...logFields, status: exchange.status, code: reply.code });
  const token = readToken(exchange.status, reply, options.replyCodes ?? DEFAULT_REPLY_CODES, url);

  const at = now();
  const expiresAt = expiryFromExpiresIn(token.expiresIn, at);
  if (expiresAt === null) {
    // The token itself is usable, and a refusal renews it anyway; stopping the upload over
    // an expiry written in yet another form would help nobody.
    log.warn('token reply without a readable expiresIn; keeping the token for a short while', {
      expiresInType: typeof token.expiresIn,
      reuseMs: UNKNOWN_EXPIRY_REUSE_MS,
    });
    return { value: token.accessToken, reuseUntil: at + UNKNOWN_EXPIRY_REUSE_MS, expiresAt: null };
  }
  const lifetime = expiresAt - at;
  if (lifetime <= 0) {
    log.warn('token already expired by the local clock; check the computer clock', {
      expiresAt: new Date(expiresAt).toISOString(),
    });
  }
  // A token that lives shorter than twice the margin is kept for half its life instead.
  const margin = Math.min(options.safetyMarginMs ?? TOKEN_SAFETY_MARGIN_MS, lifetime / 2);
  return {
    value: token.accessToken,
    reuseUntil: at + Math.max(MIN_TOKEN_REUSE_MS, lifetime - margin),
    expiresAt,
  };
}

function readToken(
  status: number,
  reply: ReplyBody,
  codes: ReplyCodes,
  url: URL,
): { accessToken: string; expiresIn: unknown } {
  const verdict = classifyReply(reply.code, status, codes);
  const detail = { status, ...(reply.code === undefined ? {} : { code: reply.code }) };
  const said = reply.msg ? `: ${reply.msg}` : '';

  if (verdict === 'rate-limited') {
    throw new TokenError(
      'busy',
      'The SCRM token service says there are too many requests; wait a minute, then try again.',
      detail,
    );
  }
  if (verdict === 'token-rejected' || status === 403) {
    throw new TokenError(
      'credentials',
      `The SCRM refused the clientId and clientSecret (${describeReply(status, reply)}${said}); check both in the settings.`,
      detail,
    );
  }
  if (status >= 500) {
    throw new TokenError(
      'unreachable',
      `The SCRM token service at ${url.host} is not working (HTTP ${status}); try again later.`,
      detail,
    );
  }
  if (verdict === null || status < 200 || status >= 300) {
    throw new TokenError(
      'bad-reply',
      `The SCRM token service sent an unexpected reply (${describeReply(status, reply)}); check the base URL.`,
      detail,
    );
  }
  if (verdict === 'rejected') {
    throw new TokenError(
      'credentials',
      `The SCRM did not issue an access token (code ${reply.code}${said}); check the clientId and clientSecret in the settings.`,
      detail,
    );
  }

  const data = reply.data;
  const accessToken =
    data !== null && typeof data === 'object'
      ? (data as Record<string, unknown>)['accessToken']
      : undefined;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new TokenError(
      'bad-reply',
      'The SCRM token service answered code 0 without a token; check the base URL, or try again later.',
      detail,
    );
  }
  return { accessToken, expiresIn: (data as Record<string, unknown>)['expiresIn'] };
}
