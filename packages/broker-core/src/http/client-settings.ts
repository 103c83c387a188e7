import { systemClock, type Clock } from '../clock.ts';
import { ConfigError } from '../errors/subclasses.ts';
import { silentLogger, type Logger } from '../logging/logger.ts';
import { Redactor } from '../logging/redact.ts';
import { defineErrorMap, type ErrorMap } from './error-map.ts';
import { isLocalMachineHost } from './paper-hosts.ts';
import type { HttpClientOptions } from './http-client.ts';
import type { RetrySettings } from './ky-instance.ts';

/** An HTTP client's options, checked, with every default filled in. */
export interface ClientSettings {
  broker: string;
  /** Absolute, no trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  retryLimit: number;
  retry: RetrySettings;
  clock: Clock;
  errorMap: ErrorMap;
  logger: Logger;
  redactor: Redactor;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  limit: 3,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
} as const;

/** setTimeout's ceiling; a larger timeout would fire at once (ky refuses it). */
const MAX_TIMEOUT_MS = 2_147_483_647;

function checkedBaseUrl(broker: string, baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(`${broker}: baseUrl must be an absolute URL`, { path: 'baseUrl', broker });
  }
  // Credentials must not cross a network in clear text; plain http is for local fakes only.
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalMachineHost(url.hostname));
  if (!secure) throw new ConfigError(`${broker}: baseUrl must use https (http only on loopback)`, { path: 'baseUrl', broker });
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${broker}: baseUrl must not have a query or fragment`, { path: 'baseUrl', broker });
  }
  return url.href.replace(/\/+$/, '');
}

function checkedNumber(broker: string, path: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${broker}: ${path} must be a number from ${min} to ${max}, got ${value}`, { path, broker });
  }
  return value;
}

/**
 * Checks an HTTP client's options and fills in the defaults: a 10 s timeout per attempt, 3
 * retries backing off from 250 ms up to 10 s, server waits up to 60 s slept through. Throws
 * `ConfigError` naming the bad option.
 *
 * @example
 * ```ts
 * const settings = resolveClientSettings({ broker: 'alpaca', baseUrl: 'https://paper-api.alpaca.markets' })
 * settings.retryLimit // 3
 * ```
 */
export function resolveClientSettings(options: HttpClientOptions): ClientSettings {
  const broker = options.broker;
  const retryLimit = checkedNumber(broker, 'retry.limit', options.retry?.limit ?? DEFAULTS.limit, 0, 100);
  if (!Number.isInteger(retryLimit)) throw new ConfigError(`${broker}: retry.limit must be a whole number`, { path: 'retry.limit', broker });
  return {
    broker,
    baseUrl: checkedBaseUrl(broker, options.baseUrl),
    timeoutMs: checkedNumber(broker, 'timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs, 1, MAX_TIMEOUT_MS),
    retryLimit,
    retry: {
      baseDelayMs: checkedNumber(broker, 'retry.baseDelayMs', options.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs, 0),
      maxDelayMs: checkedNumber(broker, 'retry.maxDelayMs', options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs, 0),
      maxRetryAfterMs: checkedNumber(broker, 'retry.maxRetryAfterMs', options.retry?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs, 0),
      random: options.random ?? Math.random,
    },
    clock: options.clock ?? systemClock,
    errorMap: options.errorMap ?? defineErrorMap(),
    logger: options.logger ?? silentLogger,
    redactor: options.redactor ?? new Redactor(),
  };
}
