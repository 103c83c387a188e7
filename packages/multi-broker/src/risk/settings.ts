import { z } from 'zod';

/**
 * Risk limits for one broker (in its config entry) or for all brokers together (top-level
 * `risk`). Names follow the original config file.
 */
export const RiskSettingsSchema = z.strictObject({
  /** Largest position in one symbol, as a fraction of portfolio value (0.1 = 10 %). */
  max_position_size: z.number().gt(0).lte(1).optional(),
  /** Protective stop this far below (long) / above (short) the entry price, as a fraction (0.05 = 5 %). */
  stop_loss_pct: z.number().gt(0).lt(1).optional(),
  /**
   * Largest loss for the day, measured from start-of-day equity: below 1 a fraction of it, as the
   * original's config wrote it (0.05 = 5 %); 1 or more an amount in account currency (2000).
   */
  max_daily_loss: z.number().positive().optional(),
  /** Cash that must stay in the account after a buy, in account currency. */
  min_cash_balance: z.number().min(0).optional(),
});
export type RiskSettings = z.infer<typeof RiskSettingsSchema>;

/** The rule names, as they appear in `RiskLimitError.rule`. */
export type RiskRule = 'max_position_size' | 'max_daily_loss' | 'min_cash_balance' | 'short_selling';
