import { systemClock, type Clock } from '../clock.ts';

/** At most `limit` acquisitions in any window of `windowMs`. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/**
 * Sliding-window rate limiter: a ring of the last `limit` grant times per rule, so a check is
 * O(1) and no window of `windowMs`, wherever it starts, holds more than `limit` grants. Waiters
 * are served first come, first served. `blockUntil` (from `Retry-After` or a reset header) holds
 * every caller until that time.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter([{ limit: 200, windowMs: 60_000 }])
 * await limiter.acquire()
 * ```
 */
export class RateLimiter {
  readonly rules: readonly RateRule[];
  readonly #clock: Clock;
  readonly #rings: Float64Array[];
  readonly #heads: number[];
  #blockedUntil = 0;
  /** Callers waiting for a grant, first come first served (an aborted one leaves the queue). */
  #queue: (() => void)[] = [];
  #pumping = false;

  constructor(rules: readonly RateRule[], clock: Clock = systemClock) {
    for (const r of rules) {
      if (!Number.isInteger(r.limit) || r.limit < 1) throw new RangeError(`rate rule limit must be a whole number >= 1, got ${r.limit}`);
      if (!(r.windowMs > 0)) throw new RangeError(`rate rule windowMs must be > 0, got ${r.windowMs}`);
    }
    this.rules = rules;
    this.#clock = clock;
    this.#rings = rules.map((r) => new Float64Array(r.limit).fill(Number.NEGATIVE_INFINITY));
    this.#heads = rules.map(() => 0);
  }

  /** Milliseconds until a grant is possible (0 when one is available now). */
  waitTime(now: number = this.#clock.now()): number {
    let wait = Math.max(0, this.#blockedUntil - now);
    for (let i = 0; i < this.rules.length; i++) {
      // The oldest of the last `limit` grants must have left the window.
      const oldest = this.#rings[i]![this.#heads[i]!]!;
      wait = Math.max(wait, oldest + this.rules[i]!.windowMs - now);
    }
    return wait;
  }

  #grant(now: number): void {
    for (let i = 0; i < this.rules.length; i++) {
      const ring = this.#rings[i]!;
      const head = this.#heads[i]!;
      ring[head] = now;
      this.#heads[i] = (head + 1) % ring.length;
    }
  }

  /** Takes one grant without waiting; false when none is available. */
  tryAcquire(): boolean {
    if (this.#queue.length > 0) return false;
    const now = this.#clock.now();
    if (this.waitTime(now) > 0) return false;
    this.#grant(now);
    return true;
  }

  /**
   * Resolves when a grant is taken. With `signal`, a caller still waiting when it aborts leaves
   * the queue at once and the promise rejects with the signal's reason, as an `Error` (no grant
   * is taken).
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.#queue.indexOf(waiter);
        if (at >= 0) this.#queue.splice(at, 1);
        reject(abortReason(signal!));
      };
      const waiter = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      void this.#pump();
    });
  }

  /** Holds every caller until `time` (epoch ms), e.g. from `Retry-After`. Never moves it earlier. */
  blockUntil(time: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, time);
  }

  /**
   * Reads a broker's remaining budget: with `remaining` 0, holds callers until `resetAt`.
   */
  observe(remaining: number | undefined, resetAt: number | undefined): void {
    if (remaining !== undefined && remaining <= 0 && resetAt !== undefined) this.blockUntil(resetAt);
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const now = this.#clock.now();
        const wait = this.waitTime(now);
        if (wait > 0) {
          await this.#clock.sleep(wait);
          continue;
        }
        this.#grant(now);
        this.#queue.shift()!();
      }
    } finally {
      this.#pumping = false;
    }
  }
}

/** Why a signal aborted, as an `Error` (`abort('text')` gives text). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

const shared = new Map<string, RateLimiter>();

/**
 * The limiter for `key`, created on first use: every broker instance that uses the same key (an
 * account's API key id, say) shares one budget in this process.
 *
 * @example
 * ```ts
 * const limiter = sharedRateLimiter(`alpaca:${keyId}`, [{ limit: 200, windowMs: 60_000 }])
 * ```
 */
export function sharedRateLimiter(key: string, rules: readonly RateRule[], clock: Clock = systemClock): RateLimiter {
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter(rules, clock);
    shared.set(key, limiter);
  }
  return limiter;
}

/** Forgets shared limiters (tests). */
export function resetSharedRateLimiters(): void {
  shared.clear();
}
