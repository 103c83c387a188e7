import { z } from 'zod';

export const OrderSide = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof OrderSide>;

export const OrderType = z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
export type OrderType = z.infer<typeof OrderType>;

/** day, good-till-canceled, immediate-or-cancel, fill-or-kill, at the open, at the close. */
export const TimeInForce = z.enum(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls']);
export type TimeInForce = z.infer<typeof TimeInForce>;

/** simple; bracket (entry + take-profit + stop-loss); oco (one cancels other); oto (one triggers other). */
export const OrderClass = z.enum(['simple', 'bracket', 'oco', 'oto']);
export type OrderClass = z.infer<typeof OrderClass>;

/**
 * One order status for every broker. `pending_new`: sent, not yet acknowledged. `held`: a
 * bracket leg waiting for its parent. Terminal: filled, canceled, replaced, rejected, expired.
 */
export const OrderStatus = z.enum([
  'pending_new',
  'accepted',
  'new',
  'held',
  'partially_filled',
  'filled',
  'pending_cancel',
  'pending_replace',
  'canceled',
  'replaced',
  'rejected',
  'expired',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;
