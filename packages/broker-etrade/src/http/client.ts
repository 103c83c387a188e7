import { createHash } from 'node:crypto';
import { createHttpClient, Redactor, sharedRateLimiter, type Clock, type HttpClient, type HttpRetryOptions, type Logger } from '@invest/broker-core';
import { etradeErrorMap } from './error-map.ts';

/** Every data request asks for JSON (v1-facts §3); the plain path, no `.json` suffix. */
export const ETRADE_JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ accept: 'application/json' });

/** Signs one request: the `Authorization: OAuth ...` header for its method and final URL. */
export type EtradeSigner = (method: string, url: string) => Promise<string>;

export interface EtradeHttpOptions {
  baseUrl: string;
  consumerKey: string;
  sign: EtradeSigner;
  rateLimitPerSecond: number;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
  redactor: Redactor;
  fetch?: typeof globalThis.fetch | undefined;
  retry?: HttpRetryOptions | undefined;
  random?: (() => number) | undefined;
}

/** One budget per consumer key in this process, never the key itself as the map key. */
function budgetKey(consumerKey: string): string {
  return `etrade:${createHash('sha256').update(consumerKey).digest('hex').slice(0, 24)}`;
}

/**
 * The HTTP client of one E*TRADE account on core's toolkit: every attempt signed afresh (OAuth
 * 1.0a, new nonce and timestamp; the query is signed, JSON bodies are not), E*TRADE's error table,
 * one request budget per consumer key shared by every instance in the process.
 *
 * @example
 * ```ts
 * const http = createEtradeHttp({ baseUrl, consumerKey, sign, rateLimitPerSecond: 2, timeoutMs: 10_000, clock, logger, redactor })
 * const { data } = await http.get('/v1/accounts/list', { schema: EtradeAccountListSchema, headers: ETRADE_JSON_HEADERS })
 * ```
 */
export function createEtradeHttp(options: EtradeHttpOptions): HttpClient {
  const { sign } = options;
  return createHttpClient({
    broker: 'etrade',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    logger: options.logger,
    redactor: options.redactor,
    authHeaders: async ({ method, url }) => ({ authorization: await sign(method, url.href) }),
    errorMap: etradeErrorMap,
    limiter: sharedRateLimiter(budgetKey(options.consumerKey), [{ limit: options.rateLimitPerSecond, windowMs: 1000 }], options.clock),
    retry: options.retry ?? {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
}
