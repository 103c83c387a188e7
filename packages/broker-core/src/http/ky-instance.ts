import type { BeforeRequestHook, BeforeRetryHook, KyInstance, RetryOptions } from 'ky';
import { isBrokerError, type BrokerError } from '../errors/broker-error.ts';
import { AuthenticationError } from '../errors/subclasses.ts';
import type { RateLimiter } from '../rate-limit/limiter.ts';
import type { HttpCall } from './http-call.ts';
import type { HttpAuthHeaders } from './http-client.ts';
import { kyIfLoaded, loadKy } from './ky-module.ts';
import { backoffDelay, type BackoffOptions } from './retry-timing.ts';

/** What the toolkit hands ky per request, for its hooks: the call being followed. */
export interface CallContext {
  readonly call: HttpCall;
}

export interface KyInstanceSettings {
  broker: string;
  /** Checked absolute base URL, no trailing slash; request paths are appended to it. */
  baseUrl: string;
  timeoutMs: number;
  limiter?: RateLimiter | undefined;
  authHeaders?: HttpAuthHeaders | undefined;
}

export interface RetrySettings extends BackoffOptions {
  maxRetryAfterMs: number;
  random: () => number;
}

/** ky retries whichever method the toolkit asks it to: idempotency is decided per call, by `limit`. */
const ALL_METHODS = ['get', 'delete', 'post', 'put', 'patch'];
/**
 * Only a 429 goes through ky's status rules, where its `Retry-After` or reset header sets the wait.
 * Other retryable answers (5xx) are sent back to ky by `shouldRetry` and back off. Alpaca sends
 * `X-RateLimit-Reset` on every answer: ky would read it on any status listed here, and a 503 would
 * wait for the rate window to end.
 */
const TIMED_STATUSES = [429];
/** No retries: nothing else to say (ky copies and checks its retry options on every request). */
const NO_RETRY: RetryOptions = { limit: 0 };

function callOf(options: { context: unknown }): HttpCall {
  return (options.context as CallContext).call;
}

/**
 * Builds ky's retry options for calls allowed `limit` retries: backoff from `retry` (exponential,
 * full jitter from the injected random source), a 429's `Retry-After` or reset header honoured up
 * to `maxRetryAfterMs` (a longer wait is not slept through: the rate-limit error is thrown at
 * once), timeouts and network failures retried, error answers only when the mapped broker error
 * is retryable.
 *
 * @example
 * ```ts
 * await api('/v2/account', { retry: retryOptions(3, { baseDelayMs: 250, maxDelayMs: 10_000, maxRetryAfterMs: 60_000, random: Math.random }) })
 * ```
 */
export function retryOptions(limit: number, retry: RetrySettings): RetryOptions {
  if (limit === 0) return NO_RETRY;
  return {
    limit,
    methods: ALL_METHODS,
    statusCodes: TIMED_STATUSES,
    afterStatusCodes: TIMED_STATUSES,
    maxRetryAfter: retry.maxRetryAfterMs,
    backoffLimit: retry.maxDelayMs,
    // The jitter is applied here, with the injected random source (ky's own uses Math.random).
    delay: (attempt) => backoffDelay(attempt, retry, retry.random),
    retryOnTimeout: true,
    shouldRetry: ({ error }) => {
      if (!kyIfLoaded()?.isHTTPError(error)) return undefined;
      const mapped: BrokerError | undefined = callOf(error.options).error;
      // The broker's error map is the one place that says what may succeed if tried again.
      if (!mapped?.retryable || (mapped.retryAfterMs ?? 0) > retry.maxRetryAfterMs) return false;
      // A 429: ky waits what its Retry-After or reset header asks. Anything else: ky backs off.
      return error.response.status === 429 ? undefined : true;
    },
  };
}

/**
 * The ky instance one HTTP client sends through: base URL prefix, JSON accepted, per-attempt
 * timeout, redirects never followed (a redirect is an answer the caller judges), and a hook run
 * before every attempt, the first and each retry, that takes a grant from the shared rate limiter
 * and signs the request afresh (OAuth 1.0a needs a new nonce per attempt).
 *
 * @example
 * ```ts
 * const api = await createKyInstance({ broker: 'alpaca', baseUrl, timeoutMs: 10_000, limiter, authHeaders })
 * await api('/v2/account', { context: { call }, fetch: attemptFetch(call), retry: retryOptions(3, retry) })
 * ```
 */
export async function createKyInstance(settings: KyInstanceSettings): Promise<KyInstance> {
  const ky = (await loadKy()).default;
  const { broker, limiter, authHeaders } = settings;

  async function sign(call: HttpCall, request: Request): Promise<void> {
    if (!authHeaders) return;
    const nothingSent = call.mode.kind === 'order' ? { outcome: 'denied' as const } : {};
    let signed: Record<string, string>;
    try {
      signed = await authHeaders({ method: call.method, url: new URL(request.url) });
    } catch (error) {
      throw isBrokerError(error) ? error : new AuthenticationError(`${broker}: could not sign ${call.what}`, { broker, cause: error, ...nothingSent });
    }
    for (const [name, value] of Object.entries(signed)) {
      call.secrets.addValue(value);
      try {
        request.headers.set(name, value);
      } catch {
        // Never quoted: it is a credential.
        throw new AuthenticationError(`${broker}: auth header ${name} has a value that cannot be sent`, { broker, ...nothingSent });
      }
    }
  }

  const beforeAttempt = async ({ request, options }: Parameters<BeforeRequestHook>[0]): Promise<void> => {
    const call = callOf(options);
    call.attempts++;
    // A grant that is there already is taken without waiting on the queue.
    if (limiter && !limiter.tryAcquire()) await limiter.acquire();
    await sign(call, request);
  };

  return ky.create({
    prefix: settings.baseUrl,
    timeout: settings.timeoutMs,
    redirect: 'manual',
    headers: { accept: 'application/json' },
    hooks: {
      beforeRequest: [beforeAttempt],
      beforeRetry: [beforeAttempt as BeforeRetryHook],
    },
  });
}
