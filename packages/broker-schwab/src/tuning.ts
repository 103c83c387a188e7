import type { HttpRetryOptions } from '@invest/broker-core';

/**
 * Knobs below the configuration: timings and injection points for tests, proxies and benches.
 * Every field has a production default (`TUNING_DEFAULTS`).
 */
export interface OrderJsonTuning {
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Retries of reads (GET, DELETE of an order). Default: core's (3 retries, 250 ms base). */
  retry?: HttpRetryOptions;
  /**
   * Lookups among recent orders after an order's answer was lost: `attempts` in all, the first
   * after `delayMs`, doubling. Default 5 from 250 ms.
   */
  lookup?: { attempts: number; delayMs: number };
  /** Resends of an order refused with 429 (not accepted, so a resend is safe). Default 2, 1 s backoff, 60 s longest wait. */
  rateLimitRetry?: { attempts: number; backoffMs: number; maxWaitMs: number };
  /**
   * How much earlier than our send time an order's `enteredTime` may read and still be the one we
   * sent (the broker's clock against ours). Default 60 s.
   */
  clockSkewMs?: number;
}

/** The production defaults of `OrderJsonTuning`. */
export const TUNING_DEFAULTS = {
  lookup: { attempts: 5, delayMs: 250 },
  rateLimitRetry: { attempts: 2, backoffMs: 1000, maxWaitMs: 60_000 },
  clockSkewMs: 60_000,
} as const;
