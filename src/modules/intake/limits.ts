import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A global token bucket, in memory. Deliberately not per address: the channel keeps no addresses, and over
 * Tor every source shares a handful of exit circuits anyway. It caps the whole site's rate of an action.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = clock();
  }

  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 60_000) * this.perMinute);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until one token is available (for Retry-After). */
  retryAfter(): number {
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.perMinute) * 60));
  }
}

/**
 * Receipt guessing: a global bucket of checks plus a penalty that grows with recent failures, so a burst of
 * wrong receipts slows every further check (each also costs one Argon2id per candidate row). With 10¹⁶
 * receipts and at most `perMinute` checks a minute site-wide, finding any one of n live receipts takes on the
 * order of 10¹⁶ / (n · perMinute) minutes — for n = 10 000 and 20 a minute, about 95 000 years.
 */
export class GuessThrottle {
  private readonly bucket: TokenBucket;
  private failures = 0;
  private lastFailure = 0;

  constructor(
    perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.bucket = new TokenBucket(Math.max(1, Math.ceil(perMinute / 2)), perMinute, clock);
  }

  /** False when the site must refuse this check now. */
  allow(): boolean {
    // Failures decay after ten quiet minutes.
    if (this.clock() - this.lastFailure > 600_000) this.failures = 0;
    return this.bucket.take();
  }

  retryAfter(): number {
    return this.bucket.retryAfter();
  }

  /** Milliseconds to wait before answering a failed check: 0.5 s doubling per recent failure, max 8 s. */
  failed(): number {
    this.failures += 1;
    this.lastFailure = this.clock();
    return Math.min(8000, 250 * 2 ** Math.min(this.failures, 5));
  }

  succeeded(): void {
    // A success does not reset the failures: an attacker must not clear the penalty with a known receipt.
  }

  get recentFailures(): number {
    return this.failures;
  }
}

/**
 * Proof of work for the JavaScript path: the server hands out a signed challenge; the browser finds a nonce
 * with SHA-256(challenge ":" nonce) starting with `bits` zero bits. Stateless except for an in-memory set of
 * spent challenges (until they expire), so one solution buys one submission.
 */
export class ProofOfWork {
  private readonly key = randomBytes(32);
  private readonly spent = new Map<string, number>();

  constructor(
    readonly bits: number,
    private readonly ttlMs = 30 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  challenge(): { challenge: string; bits: number } {
    const body = `${this.clock() + this.ttlMs}.${randomBytes(16).toString('base64url')}`;
    return { challenge: `${body}.${this.sign(body)}`, bits: this.bits };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }

  /** Checks and spends the token; false for a forged, expired, reused or unsolved one. */
  redeem(challenge: string, nonce: string): boolean {
    const now = this.clock();
    for (const [c, exp] of this.spent) if (exp < now) this.spent.delete(c);
    const parts = challenge.split('.');
    if (parts.length !== 3 || nonce.length > 64) return false;
    const body = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(parts[2] ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    const exp = Number(parts[0]);
    if (!Number.isFinite(exp) || exp < now || this.spent.has(challenge)) return false;
    if (!leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest(), this.bits))
      return false;
    this.spent.set(challenge, exp);
    return true;
  }
}

export function leadingZeroBits(hash: Uint8Array, bits: number): boolean {
  let remaining = bits;
  for (const byte of hash) {
    if (remaining <= 0) return true;
    if (remaining >= 8) {
      if (byte !== 0) return false;
      remaining -= 8;
    } else {
      return byte >> (8 - remaining) === 0;
    }
  }
  return remaining <= 0;
}

/** Solves a challenge (tests and the CLI; the browser has its own copy in site/client.ts). */
export function solvePow(challenge: string, bits: number): string {
  for (let i = 0; ; i++) {
    const nonce = i.toString(36);
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest(), bits)) return nonce;
  }
}
