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
}

/** The production defaults of `IbkrTuning`. */
export const TUNING_DEFAULTS = {
  lookup: { attempts: 5, delayMs: 250 },
  commissionWaitMs: 500,
} as const;
