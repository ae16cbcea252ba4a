/**
 * Misbehaviour the sandbox can put on, so that the uploader's handling of each can be seen:
 * the operator or a test sets rules at start or while it runs. A rule applies to the next
 * `count` eligible calls and, after those, to each call with chance `probability`.
 */

export interface FaultRule {
  /** The next this-many eligible calls get the fault. */
  readonly count?: number;
  /** Each eligible call (after the counted ones) gets the fault with this chance, 0 to 1. */
  readonly probability?: number;
}

export interface SandboxFaults {
  /** Report this fraction of a call's valid msgids as failed (and do not keep them). */
  readonly partialFailure?: FaultRule & { readonly fraction: number };
  /** Answer code 10001 for the whole call. */
  readonly systemError?: FaultRule;
  /** Refuse a valid access token as expired, and forget it. */
  readonly expiredToken?: FaultRule;
  /** Close the connection without a reply. */
  readonly dropConnection?: FaultRule;
  /**
   * Wait before handling the call. The call is then handled normally, and kept: latency is
   * not failure, and a client that gave up meanwhile will send the same msgids again.
   */
  readonly slowReply?: FaultRule & { readonly delayMs: number };
  /** Send half of a reply and hang up. */
  readonly truncatedReply?: FaultRule;
  /** Answer HTTP 200 with an HTML page, as a confused gateway would. */
  readonly nonJsonReply?: FaultRule;
  /** The token endpoint answers HTTP 503, or drops the connection. */
  readonly tokenEndpointDown?: FaultRule & { readonly mode?: 'http-503' | 'drop' };
}

export type FaultName = keyof SandboxFaults;

export const FAULT_NAMES: readonly FaultName[] = [
  'partialFailure',
  'systemError',
  'expiredToken',
  'dropConnection',
  'slowReply',
  'truncatedReply',
  'nonJsonReply',
  'tokenEndpointDown',
];

export class FaultPlan {
  private readonly remaining = new Map<FaultName, number>();

  constructor(
    readonly faults: SandboxFaults,
    private readonly random: () => number,
  ) {
    for (const name of FAULT_NAMES) {
      const rule = faults[name];
      if (!rule) continue;
      checkRule(name, rule);
      this.remaining.set(name, rule.count ?? 0);
    }
  }

  /** Decides whether this call gets the fault, using up one of its count. */
  draw(name: FaultName): boolean {
    const rule = this.faults[name];
    if (!rule) return false;
    const left = this.remaining.get(name) ?? 0;
    if (left > 0) {
      this.remaining.set(name, left - 1);
      return true;
    }
    return rule.probability !== undefined && this.random() < rule.probability;
  }
}

function checkRule(
  name: FaultName,
  rule: FaultRule & { fraction?: unknown; delayMs?: unknown },
): void {
  const { count, probability } = rule;
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(`The ${name} fault's count must be a whole number of 0 or more.`);
  }
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new RangeError(`The ${name} fault's probability must be between 0 and 1.`);
  }
  const { fraction, delayMs } = rule;
  if (
    name === 'partialFailure' &&
    !(typeof fraction === 'number' && fraction > 0 && fraction <= 1)
  ) {
    throw new RangeError('The partialFailure fault needs a fraction above 0 and at most 1.');
  }
  if (name === 'slowReply' && !(typeof delayMs === 'number' && delayMs >= 0)) {
    throw new RangeError('The slowReply fault needs a delayMs of 0 or more.');
  }
}
