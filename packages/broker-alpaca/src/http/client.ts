import { createHash } from 'node:crypto';
import {
  createHttpClient,
  Redactor,
  sharedRateLimiter,
  type Clock,
  type HttpClient,
  type HttpRetryOptions,
  type Logger,
  type RateLimitHeaders,
} from '@invest/broker-core';
import type { AlpacaEndpoints } from '../config.ts';
import type { AlpacaKeys } from '../credentials.ts';
import { alpacaErrorMap } from './error-map.ts';

/** Alpaca's budget headers: requests left in the minute and the epoch second the window resets. */
export const ALPACA_RATE_LIMIT_HEADERS: RateLimitHeaders = {
  remaining: 'x-ratelimit-remaining',
  reset: 'x-ratelimit-reset',
  resetUnit: 'epoch-seconds',
};

/** The header names Alpaca authenticates with. */
export const ALPACA_AUTH_HEADERS = { keyId: 'APCA-API-KEY-ID', secret: 'APCA-API-SECRET-KEY' } as const;

export interface AlpacaHttpOptions {
  endpoints: AlpacaEndpoints;
  keys: AlpacaKeys;
  rateLimitPerMinute: number;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
  fetch?: typeof globalThis.fetch | undefined;
  retry?: HttpRetryOptions | undefined;
  random?: (() => number) | undefined;
}

/**
 * The clients one account uses: trading (reads retried; a write that must never be resent blindly
 * asks with `idempotent: false`, a lookup with `retry: 0`) and market data.
 */
export interface AlpacaHttp {
  trading: HttpClient;
  data: HttpClient;
}

/** One budget per key id in this process, never the key itself as the map key. */
function budgetKey(kind: string, apiKey: string): string {
  return `alpaca:${kind}:${createHash('sha256').update(apiKey).digest('hex').slice(0, 24)}`;
}

/**
 * The HTTP clients of one Alpaca account, on core's toolkit: key headers on every request (and
 * scrubbed from every message), Alpaca's error table, its rate-limit headers honoured, and one
 * request budget per API key shared by every instance in the process (trading and market data
 * are budgeted apart, as Alpaca counts them).
 *
 * @example
 * ```ts
 * const http = createAlpacaHttp({ endpoints, keys, rateLimitPerMinute: 200, timeoutMs: 10_000, clock, logger })
 * const { data } = await http.trading.get('/v2/account', { schema: AlpacaAccountSchema })
 * ```
 */
export function createAlpacaHttp(options: AlpacaHttpOptions): AlpacaHttp {
  const { keys, clock } = options;
  const rules = [{ limit: options.rateLimitPerMinute, windowMs: 60_000 }];
  const redactor = new Redactor([keys.secretKey, keys.apiKey]);
  const authHeaders = () => ({ [ALPACA_AUTH_HEADERS.keyId]: keys.apiKey, [ALPACA_AUTH_HEADERS.secret]: keys.secretKey });
  const common = {
    broker: 'alpaca',
    timeoutMs: options.timeoutMs,
    clock,
    logger: options.logger,
    redactor,
    authHeaders,
    errorMap: alpacaErrorMap,
    rateLimitHeaders: ALPACA_RATE_LIMIT_HEADERS,
    requestIdHeader: 'x-request-id',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.random ? { random: options.random } : {}),
  };
  const tradingLimiter = sharedRateLimiter(budgetKey('trading', keys.apiKey), rules, clock);
  const retry = options.retry ?? {};
  return {
    trading: createHttpClient({ ...common, baseUrl: options.endpoints.trading, limiter: tradingLimiter, retry }),
    data: createHttpClient({ ...common, baseUrl: options.endpoints.data, limiter: sharedRateLimiter(budgetKey('data', keys.apiKey), rules, clock), retry }),
  };
}
