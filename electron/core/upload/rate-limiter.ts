/**
 * A sliding-window limiter over the store's call log, so that the window survives restarts:
 * at most `calls` upload calls in any `windowSeconds`.
 *
 * The server counts a call when it arrives, after it has travelled. The log therefore dates
 * each call by when its reply came (see CallLog), which no arrival can be later than: a call
 * sent a window after that is sure to arrive a window after it. That alone keeps the limit;
 * a margin of 0.5% (at most 0.5 s) covers timer rounding, and costs that much throughput.
 * (Dating calls by reply already gives up the call's own round trip per window.)
 */
import type { Rate } from '../../../shared/settings.js';
import type { CallLog } from '../store/call-log.js';

const MARGIN_FRACTION = 0.005;
const MAX_MARGIN_MS = 500;

export function windowMs(rate: Rate): number {
  const base = rate.windowSeconds * 1000;
  return base + Math.min(MAX_MARGIN_MS, base * MARGIN_FRACTION);
}

export class RateLimiter {
  constructor(
    private readonly log: CallLog,
    private rate: Rate,
  ) {}

  setRate(rate: Rate): void {
    this.rate = rate;
  }

  get currentRate(): Rate {
    return this.rate;
  }

  /** Calls made in the window that ends now. */
  callsInWindow(now: number): number {
    return this.log.countSince(now - windowMs(this.rate));
  }

  /** The earliest moment the next call may leave (now, if it may leave now). */
  nextAllowedAt(now: number): number {
    const width = windowMs(this.rate);
    const recent = this.log.since(now - width);
    if (recent.length < this.rate.calls) return now;
    // The call that must drop out of the window before another may start. The window holds
    // calls strictly after `now - width`, so it has left exactly `width` after it was made.
    const blocking = recent[recent.length - this.rate.calls]!;
    return blocking + width;
  }

  /** Forget calls that can no longer matter. */
  prune(now: number): void {
    this.log.pruneBefore(now - 2 * windowMs(this.rate));
  }
}
