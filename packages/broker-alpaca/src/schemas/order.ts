import { z } from 'zod';
import { decimalString, optionalDecimal, optionalTimestamp, timestampString } from './primitives.ts';

/** Every order status Alpaca documents. Order states stay strict: an unknown one is a protocol error. */
export const AlpacaOrderStatus = z.enum([
  'new',
  'partially_filled',
  'filled',
  'done_for_day',
  'canceled',
  'expired',
  'replaced',
  'pending_cancel',
  'pending_replace',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'stopped',
  'rejected',
  'suspended',
  'calculated',
  'held',
]);
export type AlpacaOrderStatus = z.infer<typeof AlpacaOrderStatus>;

export const AlpacaOrderType = z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
export type AlpacaOrderType = z.infer<typeof AlpacaOrderType>;

export const AlpacaTimeInForce = z.enum(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']);
export type AlpacaTimeInForce = z.infer<typeof AlpacaTimeInForce>;

export const AlpacaSide = z.enum(['buy', 'sell']);

/** Fields of an order and of each of its legs. */
const orderFields = {
  id: z.string().min(1),
  client_order_id: z.string(),
  created_at: timestampString,
  updated_at: optionalTimestamp,
  submitted_at: optionalTimestamp,
  filled_at: optionalTimestamp,
  expired_at: optionalTimestamp,
  canceled_at: optionalTimestamp,
  failed_at: optionalTimestamp,
  replaced_at: optionalTimestamp,
  replaced_by: z.string().nullish(),
  replaces: z.string().nullish(),
  asset_id: z.string().optional(),
  symbol: z.string().min(1),
  asset_class: z.string().optional(),
  notional: optionalDecimal,
  qty: optionalDecimal,
  filled_qty: decimalString,
  filled_avg_price: optionalDecimal,
  /** Reference enum: `simple`, `bracket`, `oco`, `oto`, `mleg` or `""`; anything else is read as simple. */
  order_class: z.string().optional(),
  order_type: z.string().optional(),
  type: AlpacaOrderType,
  side: AlpacaSide,
  time_in_force: AlpacaTimeInForce,
  limit_price: optionalDecimal,
  stop_price: optionalDecimal,
  trail_price: optionalDecimal,
  trail_percent: optionalDecimal,
  hwm: optionalDecimal,
  status: AlpacaOrderStatus,
  extended_hours: z.boolean().optional(),
};

/** An order as Alpaca sends it (REST answers and `trade_updates`), legs nested. Unknown fields are kept. */
export interface AlpacaOrder extends z.infer<z.ZodObject<typeof orderFields>> {
  legs?: AlpacaOrder[] | null;
  [extra: string]: unknown;
}

/** Alpaca's order object. Extra fields pass through so `raw` keeps everything Alpaca said. */
export const AlpacaOrderSchema: z.ZodType<AlpacaOrder> = z.looseObject({
  ...orderFields,
  legs: z.array(z.lazy(() => AlpacaOrderSchema)).nullish(),
});

/** `GET /v2/orders`. */
export const AlpacaOrderListSchema = z.array(AlpacaOrderSchema);
