/**
 * Waits between unsuccessful calls: exponential, capped, with jitter so that many clients
 * (or one client after a restart) do not hit a recovering server in step.
 */
export const BACKOFF_BASE_MS = 2000;
export const BACKOFF_CAP_MS = 60_000;

export function backoffDelay(
  consecutiveFailures: number,
  random: () => number = Math.random,
): number {
  if (consecutiveFailures <= 0) return 0;
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (consecutiveFailures - 1));
  // "Equal jitter": at least half the ceiling, so the wait always grows with failures.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
