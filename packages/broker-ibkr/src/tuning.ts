/**
 * Knobs below the configuration: timings for tests and benches. Every field has a production
 * default.
 */
export interface IbkrTuning {
  /**
   * Lookups by client order id (orderRef) after an order's answer was lost: `attempts` in all,
   * the first after `delayMs`, doubling. Default 5 from 250 ms.
   */
  lookup?: { attempts: number; delayMs: number };
  /** How long a fill waits for its commissionReport before it is emitted without one. Default 500 ms. */
  commissionWaitMs?: number;
  /**
   * Messages per second above the config's ceiling of 50, for benches against the fake TWS only
   * (a real TWS disconnects a client that sends more than 50). Default: the config's.
   */
  unpacedMessagesPerSecond?: number;
}

/** The production defaults of `IbkrTuning`. */
export const TUNING_DEFAULTS = {
  lookup: { attempts: 5, delayMs: 250 },
  commissionWaitMs: 500,
  unpacedMessagesPerSecond: 0,
} as const;
