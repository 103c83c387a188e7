/** How a broker's rate-limit reset header expresses its time. */
export type ResetUnit = 'epoch-seconds' | 'seconds' | 'epoch-ms';

/**
 * Names of the response headers that carry a broker's remaining request budget, e.g. Alpaca's
 * `X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch seconds).
 */
export interface RateLimitHeaders {
  /** Header with the number of requests left in the current window. */
  remaining: string;
  /** Header with the time the window resets. */
  reset: string;
  /** How `reset` is expressed. */
  resetUnit: ResetUnit;
}

/** What a response said about the budget: requests left and when the window resets (epoch ms). */
export interface RateLimitState {
  remaining?: number;
  resetAt?: number;
}

/** Reset header value -> epoch ms, by unit. */
const RESET_TO_EPOCH_MS: Readonly<Record<ResetUnit, (value: number, now: number) => number>> = {
  'epoch-seconds': (value) => value * 1000,
  seconds: (value, now) => now + value * 1000,
  'epoch-ms': (value) => value,
};

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
/** Every HTTP date form (IMF-fixdate, RFC 850, asctime) starts with a day name; `Date.parse` alone takes "-3" as a year. */
const HTTP_DATE = /^[A-Za-z]{3}/;

/**
 * Reads a `Retry-After` value (delay in seconds, or an HTTP date) as milliseconds from `now`.
 * Undefined when absent or unreadable; 0 when the date has already passed.
 *
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now()) // 2000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:00Z')) // 60000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (DELAY_SECONDS.test(text)) return Math.ceil(Number(text) * 1000);
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Reads a rate-limit reset header value as an epoch-ms time. Undefined when absent or not a
 * non-negative number.
 *
 * @example
 * ```ts
 * parseResetAt('1767364203', 'epoch-seconds', Date.now()) // 1767364203000
 * parseResetAt('3', 'seconds', 1_000) // 4000
 * ```
 */
export function parseResetAt(value: string | null | undefined, unit: ResetUnit, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  if (!Number.isFinite(n) || n < 0) return undefined;
  return RESET_TO_EPOCH_MS[unit](n, now);
}

/**
 * Reads the remaining budget and reset time from a response's headers.
 *
 * @example
 * ```ts
 * const { remaining, resetAt } = readRateLimitHeaders(response.headers, alpacaHeaders, clock.now())
 * limiter.observe(remaining, resetAt)
 * ```
 */
export function readRateLimitHeaders(headers: Headers, names: RateLimitHeaders, now: number): RateLimitState {
  const state: RateLimitState = {};
  const rawRemaining = headers.get(names.remaining);
  if (rawRemaining !== null && rawRemaining.trim() !== '') {
    const remaining = Number(rawRemaining.trim());
    if (Number.isFinite(remaining)) state.remaining = remaining;
  }
  const resetAt = parseResetAt(headers.get(names.reset), names.resetUnit, now);
  if (resetAt !== undefined) state.resetAt = resetAt;
  return state;
}

/**
 * How long a refused request asks us to wait, in ms: `Retry-After` first (any status); for a
 * rate-limit answer without one, the time until the reset header's window ends.
 *
 * @example
 * ```ts
 * retryAfterFromHeaders(headers, Date.now(), { rateLimited: true, rateLimitHeaders })
 * ```
 */
export function retryAfterFromHeaders(
  headers: Headers,
  now: number,
  options: { rateLimited: boolean; rateLimitHeaders?: RateLimitHeaders | undefined },
): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  // The reset header travels on every answer; it only says "wait" when the budget ran out.
  if (!options.rateLimited || !options.rateLimitHeaders) return undefined;
  const { resetAt } = readRateLimitHeaders(headers, options.rateLimitHeaders, now);
  return resetAt === undefined ? undefined : Math.max(0, resetAt - now);
}

/** Exponential backoff settings. */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Full-jitter exponential backoff: a random wait in [0, min(max, base * 2^(retry-1))). Jitter
 * keeps many clients that failed together from retrying together.
 *
 * @example
 * ```ts
 * backoffDelay(1, { baseDelayMs: 250, maxDelayMs: 10_000 }, () => 0.5) // 125
 * backoffDelay(3, { baseDelayMs: 250, maxDelayMs: 10_000 }, () => 0.5) // 500
 * ```
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const r = random();
  // A broken random source must not turn into a negative or endless wait.
  const factor = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 1;
  return Math.round(cap * factor);
}
