/**
 * Waits between unsuccessful calls: exponential, capped, with jitter so that many clients
 * (or one client after a restart) do not hit a recovering server in step.
 */
export const BACKOFF_BASE_MS = 2000;

/**
 * About a minute, and a doubling of the base (2 s × 2^5), so that every wait up to the cap is
 * at least as long as the longest one before it.
 */
export const BACKOFF_CAP_MS = 64_000;

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS };

export function backoffDelay(
  consecutiveFailures: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  if (consecutiveFailures <= 0) return 0;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (consecutiveFailures - 1));
  // "Equal jitter": at least half the ceiling, so that below the cap the wait grows with
  // every failure; at the cap it stays between half the cap and the cap.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
