import { createHash } from 'node:crypto';
import { createHttpClient, sharedRateLimiter, type Clock, type HttpClient, type HttpRetryOptions, type Logger, type RateLimiter, type Redactor } from '@invest/broker-core';
import { refreshOnUnauthorized, type RefreshableTokens } from '../oauth/refreshing-client.ts';
import { schwabErrorMap } from './error-map.ts';

/** Header Schwab puts its correlation id in (kept on every error as `requestId`). */
export const SCHWAB_REQUEST_ID_HEADER = 'schwab-client-correlid';

/** What the OAuth REST clients of one account are made of (Schwab's, or TD's with its own error table). */
export interface OAuthHttpOptions {
  /** Broker type, named in errors and in the budget's key. */
  broker: string;
  /** Base URL of each client, by name (`trader`, `marketData`). */
  baseUrls: Readonly<Record<string, string>>;
  tokens: RefreshableTokens & { authorization(): Promise<string> };
  /** The app's client id: the request budget is kept per app key (hashed, never the key itself). */
  clientId: string;
  requestsPerMinute: number;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
  redactor: Redactor;
  fetch?: typeof globalThis.fetch | undefined;
  retry?: HttpRetryOptions | undefined;
  random?: (() => number) | undefined;
}

/**
 * A rate budget per key shared by every instance in the process (`schwab:requests:<hash of the app key>`).
 *
 * @example
 * ```ts
 * const orders = budget('schwab', 'orders', accountHash, [{ limit: 120, windowMs: 60_000 }], clock)
 * ```
 */
export function budget(broker: string, kind: string, key: string, rules: { limit: number; windowMs: number }[], clock: Clock): RateLimiter {
  return sharedRateLimiter(`${broker}:${kind}:${createHash('sha256').update(key).digest('hex').slice(0, 24)}`, rules, clock);
}

/**
 * The HTTP clients of one OAuth 2.0 account on core's toolkit: a bearer token on every request
 * (refreshed before expiry; a 401 mid-session costs one refresh and one retry), the Schwab / TD
 * error table, and the documented request limit as one budget per app key, shared by every client
 * and instance in the process. Reads are retried; orders never are.
 *
 * @example
 * ```ts
 * const http = createOAuthHttp({ broker: 'schwab', baseUrls: { trader, marketData }, tokens, clientId, requestsPerMinute: 120, timeoutMs: 10_000, clock, logger, redactor })
 * const { data } = await http.trader.get('/accounts/accountNumbers', { schema })
 * ```
 */
export function createOAuthHttp<K extends string>(options: OAuthHttpOptions & { baseUrls: Readonly<Record<K, string>> }): Record<K, HttpClient> {
  const { tokens, clock } = options;
  const limiter = budget(options.broker, 'requests', options.clientId, [{ limit: options.requestsPerMinute, windowMs: 60_000 }], clock);
  const out = {} as Record<K, HttpClient>;
  for (const [name, baseUrl] of Object.entries(options.baseUrls) as [K, string][]) {
    const client = createHttpClient({
      broker: options.broker,
      baseUrl,
      timeoutMs: options.timeoutMs,
      clock,
      logger: options.logger,
      redactor: options.redactor,
      authHeaders: async () => ({ authorization: await tokens.authorization() }),
      errorMap: schwabErrorMap,
      limiter,
      requestIdHeader: SCHWAB_REQUEST_ID_HEADER,
      retry: options.retry ?? {},
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    out[name] = refreshOnUnauthorized(client, tokens);
  }
  return out;
}
