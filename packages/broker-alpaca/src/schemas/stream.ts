import { z } from 'zod';
import { AlpacaOrderSchema } from './order.ts';
import { optionalDecimal, timestampString } from './primitives.ts';

/** Every message on the trading stream: `{ "stream": "...", "data": {...} }`. */
export const StreamEnvelopeSchema = z.looseObject({ stream: z.string(), data: z.unknown() });

/** `stream: "authorization"`: `{ "status": "authorized" | "unauthorized", "action": "authenticate" | "listen" }`. */
export const AuthorizationDataSchema = z.looseObject({ status: z.string(), action: z.string().optional() });

/** `stream: "listening"`: the streams the server will send. */
export const ListeningDataSchema = z.looseObject({ streams: z.array(z.string()) });

/**
 * `stream: "trade_updates"`: one order event. `event` is a reference enum (new, fill,
 * partial_fill, canceled, expired, done_for_day, replaced, rejected, pending_new, stopped,
 * pending_cancel, pending_replace, calculated, suspended, order_replace_rejected,
 * order_cancel_rejected); the order snapshot carries the state. Fills add `execution_id`,
 * `price`, `qty` (of this execution) and `position_qty`.
 */
export const TradeUpdateSchema = z.looseObject({
  event: z.string().min(1),
  execution_id: z.string().min(1).optional(),
  order: AlpacaOrderSchema,
  timestamp: timestampString.optional(),
  price: optionalDecimal,
  qty: optionalDecimal,
  position_qty: optionalDecimal,
});
export type TradeUpdate = z.infer<typeof TradeUpdateSchema>;
