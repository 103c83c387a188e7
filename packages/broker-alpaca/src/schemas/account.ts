import { z } from 'zod';
import { decimalString, optionalDecimal } from './primitives.ts';

/** `GET /v2/account`. Only what the adapter reads is required; everything else passes through to `raw`. */
export const AlpacaAccountSchema = z.looseObject({
  id: z.string().min(1),
  account_number: z.string().optional(),
  /** Reference enum (`ACTIVE`, `ACCOUNT_UPDATED`, ...): kept as text. */
  status: z.string(),
  currency: z.string().optional(),
  cash: decimalString,
  buying_power: decimalString,
  portfolio_value: optionalDecimal,
  equity: decimalString,
  last_equity: optionalDecimal,
  multiplier: optionalDecimal,
  trading_blocked: z.boolean().optional(),
  account_blocked: z.boolean().optional(),
  pattern_day_trader: z.boolean().optional(),
});
export type AlpacaAccount = z.infer<typeof AlpacaAccountSchema>;
