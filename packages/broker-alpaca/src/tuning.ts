import type { HttpRetryOptions } from '@invest/broker-core';
import type { ReconnectOptions, WebSocketFactory } from './stream.ts';

/**
 * Knobs below the configuration: timings and injection points for tests, proxies and benches.
 * Every field has a production default.
 */
export interface AlpacaTuning {
  /** WebSocket constructor for the stream. Default: the runtime's global `WebSocket`. */
  WebSocket?: WebSocketFactory;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Retries of reads (GET, DELETE of an order). Default: core's (3 retries, 250 ms base). */
  retry?: HttpRetryOptions;
  /** Stream reconnect backoff. Default 500 ms base, 30 s cap. */
  reconnect?: ReconnectOptions;
  /** Time to open, authenticate and listen on the stream. Default: the config's `timeoutMs`. */
  handshakeTimeoutMs?: number;
  /**
   * Lookups by client order id after an order's answer was lost: `attempts` single requests in all
   * (the whole order's budget), the first after `delayMs`, doubling. Default 5 from 250 ms.
   */
  lookup?: { attempts: number; delayMs: number };
  /**
   * Resends of an order Alpaca refused with 429 (it was not accepted, and the same client order id
   * makes a resend safe). Default 3 resends, 1 s backoff (doubling) when no reset header says how
   * long, at most 60 s of waiting per resend.
   */
  rateLimitRetry?: { attempts: number; backoffMs: number; maxWaitMs: number };
}

/** The production defaults of `AlpacaTuning`. */
export const TUNING_DEFAULTS = {
  reconnect: { baseDelayMs: 500, maxDelayMs: 30_000 },
  lookup: { attempts: 5, delayMs: 250 },
  rateLimitRetry: { attempts: 3, backoffMs: 1000, maxWaitMs: 60_000 },
} as const;
