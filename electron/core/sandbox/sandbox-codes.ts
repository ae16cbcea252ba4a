/**
 * The codes the sandbox answers with. The SCRM documents only 0 and 10001; the others are
 * WeCom's, which the SCRM fronts, so that the clients' defaults in api/reply-codes.ts meet
 * the same numbers here as they are most likely to meet there.
 */
export const SANDBOX_CODES = {
  ok: 0,
  /** The API page's failure example. */
  systemError: 10001,
  /** The sandbox's own: a request it cannot read (not JSON, fields missing, > 1000 messages). */
  invalidRequest: 10002,
  /** WeCom: invalid credential. */
  invalidCredentials: 40001,
  /** WeCom: invalid access_token. */
  invalidToken: 40014,
  /** WeCom: access_token expired. */
  expiredToken: 42001,
  /** WeCom: API call frequency out of limit. */
  tooFrequent: 45009,
  /** WeCom's callback SDKs number their crypto failures like this. */
  badSignature: -40001,
  badReceiveId: -40005,
  decryptFailed: -40007,
} as const;
