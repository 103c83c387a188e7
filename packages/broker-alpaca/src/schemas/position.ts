import { z } from 'zod';
import { decimalString, optionalDecimal } from './primitives.ts';

/** One open position (`GET /v2/positions`, `GET /v2/positions/{symbol}`). */
export const AlpacaPositionSchema = z.looseObject({
  asset_id: z.string().optional(),
  symbol: z.string().min(1),
  asset_class: z.string().optional(),
  avg_entry_price: decimalString,
  /** Signed: negative for a short. */
  qty: decimalString,
  qty_available: optionalDecimal,
  side: z.enum(['long', 'short']),
  market_value: optionalDecimal,
  cost_basis: optionalDecimal,
  unrealized_pl: optionalDecimal,
  current_price: optionalDecimal,
});
export type AlpacaPosition = z.infer<typeof AlpacaPositionSchema>;

export const AlpacaPositionListSchema = z.array(AlpacaPositionSchema);
