/** The access tokens the sandbox has issued, and until when each is valid. */
import { randomBytes } from 'node:crypto';

export type TokenState = 'valid' | 'expired' | 'unknown';

/**
 * Expired tokens are remembered this long so that a client hears "expired", which it can
 * act on, rather than "unknown", which would suggest a bug.
 */
const REMEMBER_EXPIRED_MS = 24 * 3600_000;

export class TokenRegistry {
  private readonly expiries = new Map<string, number>();
  private readonly issued: string[] = [];

  issue(now: number, ttlMs: number): { token: string; expiresAt: number } {
    this.prune(now);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = now + ttlMs;
    this.expiries.set(token, expiresAt);
    this.issued.push(token);
    return { token, expiresAt };
  }

  check(token: string | null, now: number): TokenState {
    const expiresAt = token === null ? undefined : this.expiries.get(token);
    if (expiresAt === undefined) return 'unknown';
    return now < expiresAt ? 'valid' : 'expired';
  }

  issuedTokens(): readonly string[] {
    return [...this.issued];
  }

  /** Ends a token's life now, as if it had expired. */
  expire(token: string, now: number): void {
    if (this.expiries.has(token)) this.expiries.set(token, now);
  }

  private prune(now: number): void {
    for (const [token, expiresAt] of this.expiries) {
      if (expiresAt + REMEMBER_EXPIRED_MS < now) this.expiries.delete(token);
    }
  }
}
