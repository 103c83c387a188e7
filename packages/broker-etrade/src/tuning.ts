import type { HttpRetryOptions } from '@invest/broker-core';

/** Timings and sources tests (and careful operators) may change; defaults suit E*TRADE. */
export interface EtradeTuning {
  /** Retries of reads. */
  retry?: HttpRetryOptions;
  /** Lookups after a lost place answer: how many, and the first delay (doubling). */
  lookup?: { attempts: number; delayMs: number };
  /** Random source for backoff jitter. */
  random?: () => number;
  /** Source of `oauth_nonce`; default 128 random bits. */
  nonce?: () => string;
}

export const TUNING_DEFAULTS = {
  lookup: { attempts: 5, delayMs: 250 },
} as const;
