/**
 * What became of one upload call, in the terms the uploader acts on. The SCRM's reply is
 * judged by `code` alone: its documented success example says `"success": false`.
 */
export type UploadOutcome =
  /** Code 0. The messages named in failIds were not taken and may be sent again later. */
  | {
      readonly kind: 'accepted';
      readonly code: 0;
      readonly msg: string;
      readonly failIds: readonly string[];
    }
  /** Too many calls; nothing was taken. Wait (retryAfterMs when the server said) and resend. */
  | {
      readonly kind: 'rate-limited';
      readonly retryAfterMs?: number;
      readonly code?: number;
      readonly msg: string;
    }
  /** The access token was refused; nothing was taken. Fetch a new token and resend. */
  | { readonly kind: 'token-rejected'; readonly code: number; readonly msg: string }
  /** A non-zero code: the whole call failed. */
  | { readonly kind: 'rejected'; readonly code: number; readonly msg: string }
  /**
   * No usable answer (network error, timeout, HTTP 5xx, a reply that is cut off, not JSON or
   * without a code). The call may or may not have been taken; sending it again is safe
   * because the msgid is the key.
   */
  | { readonly kind: 'transient'; readonly reason: string; readonly status?: number };

export type UploadOutcomeKind = UploadOutcome['kind'];
