import type { Order, OrderUpdate } from '@invest/broker-core';
import type { TradeUpdate } from '../schemas/stream.ts';
import { positiveOrUndefined } from './decimal.ts';
import { toCoreOrder } from './order.ts';
import { isoTimestamp } from './timestamp.ts';

/** One execution reported by a `fill` or `partial_fill` event. */
export interface Execution {
  executionId: string;
  quantity: number;
  price: number;
  timestamp: string;
}

/** A trade update read into core terms. */
export interface MappedTradeUpdate {
  /** Alpaca's event name (`fill`, `canceled`, ...). */
  event: string;
  /** The order as the event's snapshot shows it. */
  order: Order;
  /** The state change, for `applyOrderUpdate` (kind `event`). */
  update: OrderUpdate;
  /** Present on fill events that name their execution. */
  execution?: Execution;
}

/** Events that report an execution. */
const FILL_EVENTS: ReadonlySet<string> = new Set(['fill', 'partial_fill']);

/**
 * A `trade_updates` message -> the order snapshot, the lifecycle update and the execution (for
 * fills). The snapshot's status is the truth; the event name only says whether an execution
 * came with it. `parentId` links a bracket / OCO leg to the order it belongs to (Alpaca's leg
 * objects do not name their parent).
 *
 * Example of the raw payload (`stream: "trade_updates"`, the `data` part):
 * ```json
 * { "event": "partial_fill", "execution_id": "c5d1e0f2-7b8a-4c3d-9e6f-102938475610", "timestamp": "2026-01-02T14:30:01.5Z",
 *   "price": "100.02", "qty": "1", "position_qty": "1",
 *   "order": { "id": "0b6c3a52-6a0f-4d42-9d8e-3f4f2f1a7c10", "client_order_id": "inv-7Qm2", "status": "partially_filled",
 *              "qty": "3", "filled_qty": "1", "filled_avg_price": "100.02", "symbol": "AAPL", "side": "buy", "type": "market", "...": "..." } }
 * ```
 *
 * @example
 * ```ts
 * const { update, execution } = fromTradeUpdate(TradeUpdateSchema.parse(message.data))
 * ```
 */
export function fromTradeUpdate(raw: TradeUpdate, parentId?: string): MappedTradeUpdate {
  const order = toCoreOrder(raw.order, parentId);
  const timestamp = raw.timestamp ? isoTimestamp(raw.timestamp) : order.updatedAt;
  const update: OrderUpdate = { kind: 'event', status: order.status, filledQuantity: order.filledQuantity, timestamp, raw: raw.order };
  if (order.averageFillPrice !== undefined) update.averageFillPrice = order.averageFillPrice;
  if (order.quantity !== undefined) update.quantity = order.quantity;
  const mapped: MappedTradeUpdate = { event: raw.event, order, update };
  const quantity = positiveOrUndefined(raw.qty);
  const price = positiveOrUndefined(raw.price);
  if (FILL_EVENTS.has(raw.event) && raw.execution_id && quantity !== undefined && price !== undefined) {
    mapped.execution = { executionId: raw.execution_id, quantity, price, timestamp };
  }
  return mapped;
}
