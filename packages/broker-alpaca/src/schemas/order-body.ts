import { z } from 'zod';
import { AlpacaOrderType, AlpacaSide, AlpacaTimeInForce } from './order.ts';
import { decimalString } from './primitives.ts';

/** `take_profit` of a bracket / OCO / OTO. */
const TakeProfitBody = z.strictObject({ limit_price: decimalString });
/** `stop_loss` of a bracket / OCO / OTO; `limit_price` makes it a stop-limit. */
const StopLossBody = z.strictObject({ stop_price: decimalString, limit_price: decimalString.optional() });

/**
 * The body of `POST /v2/orders` as this adapter builds it: quantities and prices as decimal
 * strings, only the fields the order uses. Strict, so a builder bug that adds a field fails here
 * before Alpaca sees it.
 */
export const AlpacaOrderBodySchema = z.strictObject({
  symbol: z.string().min(1),
  qty: decimalString.optional(),
  notional: decimalString.optional(),
  side: AlpacaSide,
  type: AlpacaOrderType,
  time_in_force: AlpacaTimeInForce,
  limit_price: decimalString.optional(),
  stop_price: decimalString.optional(),
  trail_price: decimalString.optional(),
  trail_percent: decimalString.optional(),
  extended_hours: z.literal(true).optional(),
  client_order_id: z.string().min(1).max(128),
  order_class: z.enum(['bracket', 'oco', 'oto']).optional(),
  take_profit: TakeProfitBody.optional(),
  stop_loss: StopLossBody.optional(),
});
export type AlpacaOrderBody = z.infer<typeof AlpacaOrderBodySchema>;

/** The body of `PATCH /v2/orders/{order_id}` (replace). `trail` is a price or a percent, as the order trails. */
export const AlpacaReplaceBodySchema = z.strictObject({
  qty: decimalString.optional(),
  time_in_force: AlpacaTimeInForce.optional(),
  limit_price: decimalString.optional(),
  stop_price: decimalString.optional(),
  trail: decimalString.optional(),
  client_order_id: z.string().min(1).max(128),
});
export type AlpacaReplaceBody = z.infer<typeof AlpacaReplaceBodySchema>;
