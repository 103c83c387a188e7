import type { Order, OrderClass, OrderStatus } from '@invest/broker-core';
import type { AlpacaOrder, AlpacaOrderStatus } from '../schemas/order.ts';
import { decimalNumber, positiveOrUndefined } from './decimal.ts';
import { isoTimestamp, optionalIsoTimestamp } from './timestamp.ts';

/**
 * Alpaca status -> core status. `by-fills` marks statuses that say "working, but paused or
 * settling" (done for the day, stopped, calculated): the core status then follows the fills
 * (`new`, `partially_filled` or, when complete, `filled`).
 */
export const ALPACA_STATUS: Readonly<Record<AlpacaOrderStatus, OrderStatus | 'by-fills'>> = {
  new: 'new',
  partially_filled: 'partially_filled',
  filled: 'filled',
  done_for_day: 'by-fills',
  canceled: 'canceled',
  expired: 'expired',
  replaced: 'replaced',
  pending_cancel: 'pending_cancel',
  pending_replace: 'pending_replace',
  accepted: 'accepted',
  pending_new: 'pending_new',
  accepted_for_bidding: 'accepted',
  stopped: 'by-fills',
  rejected: 'rejected',
  suspended: 'held',
  calculated: 'by-fills',
  held: 'held',
};

/** Alpaca order class -> core class. A reference enum: `""` and unknown classes (`mleg`) read as simple. */
const ALPACA_CLASS: Readonly<Record<string, OrderClass>> = { simple: 'simple', bracket: 'bracket', oco: 'oco', oto: 'oto' };

function coreStatus(status: AlpacaOrderStatus, filled: number, quantity: number | undefined): OrderStatus {
  const mapped = ALPACA_STATUS[status];
  if (mapped !== 'by-fills') return mapped;
  if (filled <= 0) return 'new';
  return quantity !== undefined && filled >= quantity ? 'filled' : 'partially_filled';
}

/**
 * Alpaca's order object -> core `Order`, legs included (each with `parentId`). Decimal strings
 * become numbers, timestamps ISO UTC; `raw` keeps Alpaca's object.
 *
 * Example of the raw payload (`GET /v2/orders/{id}?nested=true`, a bracket entry that filled):
 * ```json
 * { "id": "0b6c3a52-6a0f-4d42-9d8e-3f4f2f1a7c10", "client_order_id": "inv-7Qm2", "created_at": "2026-01-02T14:30:00.120334512Z",
 *   "updated_at": "2026-01-02T14:30:00.250881003Z", "submitted_at": "2026-01-02T14:30:00.118Z", "filled_at": "2026-01-02T14:30:00.250Z",
 *   "expired_at": null, "canceled_at": null, "failed_at": null, "replaced_at": null, "replaced_by": null, "replaces": null,
 *   "asset_id": "8ccae427-5dd0-45b3-b5fe-7ba5e422c766", "symbol": "AAPL", "asset_class": "us_equity", "notional": null, "qty": "3",
 *   "filled_qty": "3", "filled_avg_price": "100.01", "order_class": "bracket", "order_type": "market", "type": "market",
 *   "side": "buy", "time_in_force": "day", "limit_price": null, "stop_price": null, "status": "filled", "extended_hours": false,
 *   "legs": [{ "id": "5d1f...", "order_class": "bracket", "type": "limit", "side": "sell", "limit_price": "110", "status": "new", "...": "..." }],
 *   "trail_percent": null, "trail_price": null, "hwm": null }
 * ```
 *
 * @example
 * ```ts
 * const order = toCoreOrder(AlpacaOrderSchema.parse(json))
 * order.status // 'filled'
 * ```
 */
export function toCoreOrder(raw: AlpacaOrder, parentId?: string): Order {
  const quantity = positiveOrUndefined(raw.qty);
  const filledQuantity = decimalNumber(raw.filled_qty);
  const createdAt = isoTimestamp(raw.created_at);
  const order: Order = {
    id: raw.id,
    clientOrderId: raw.client_order_id === '' ? raw.id : raw.client_order_id,
    symbol: raw.symbol,
    side: raw.side,
    type: raw.type,
    timeInForce: raw.time_in_force,
    orderClass: ALPACA_CLASS[raw.order_class ?? ''] ?? 'simple',
    status: coreStatus(raw.status, filledQuantity, quantity),
    filledQuantity,
    extendedHours: raw.extended_hours ?? false,
    createdAt,
    updatedAt: optionalIsoTimestamp(raw.updated_at) ?? createdAt,
    raw,
  };
  if (quantity !== undefined) order.quantity = quantity;
  const notional = positiveOrUndefined(raw.notional);
  if (notional !== undefined) order.notional = notional;
  const averageFillPrice = positiveOrUndefined(raw.filled_avg_price);
  if (averageFillPrice !== undefined) order.averageFillPrice = averageFillPrice;
  const limitPrice = positiveOrUndefined(raw.limit_price);
  if (limitPrice !== undefined) order.limitPrice = limitPrice;
  const stopPrice = positiveOrUndefined(raw.stop_price);
  if (stopPrice !== undefined) order.stopPrice = stopPrice;
  const trailPrice = positiveOrUndefined(raw.trail_price);
  if (trailPrice !== undefined) order.trailPrice = trailPrice;
  const trailPercent = positiveOrUndefined(raw.trail_percent);
  if (trailPercent !== undefined) order.trailPercent = trailPercent;
  const submittedAt = optionalIsoTimestamp(raw.submitted_at);
  if (submittedAt !== undefined) order.submittedAt = submittedAt;
  const filledAt = optionalIsoTimestamp(raw.filled_at);
  if (filledAt !== undefined) order.filledAt = filledAt;
  const canceledAt = optionalIsoTimestamp(raw.canceled_at);
  if (canceledAt !== undefined) order.canceledAt = canceledAt;
  if (raw.replaces) order.replaces = raw.replaces;
  if (parentId !== undefined) order.parentId = parentId;
  if (raw.legs && raw.legs.length > 0) order.legs = raw.legs.map((leg) => toCoreOrder(leg, raw.id));
  return order;
}
