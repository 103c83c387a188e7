import { OrderStateError } from '../errors/subclasses.ts';
import type { OrderStatus } from '../model/enums.ts';
import type { Order } from '../model/order.ts';
import { classifyTransition, FILL_STATUSES, isTerminalStatus } from './transitions.ts';

/**
 * A change to an order. `event`: pushed for an order this process follows, in order; an illegal
 * one is an error. `report`: a snapshot (poll, reconciliation, an order placed elsewhere); a
 * stale one (older, or with fewer fills) is ignored rather than undoing newer state.
 */
export interface OrderUpdate {
  kind: 'event' | 'report';
  status: OrderStatus;
  /** Cumulative filled quantity after this update. */
  filledQuantity: number;
  averageFillPrice?: number;
  /** Quantity, where a replace or the broker fixed it (notional orders). */
  quantity?: number;
  /** When the broker says this happened (ISO 8601). */
  timestamp: string;
  raw?: unknown;
}

export type ApplyResult =
  | { kind: 'applied'; order: Order; race: boolean }
  | { kind: 'unchanged'; order: Order }
  | { kind: 'stale'; order: Order; reason: string };

const EPSILON = 1e-9;

/**
 * A snapshot of an order (a broker's answer, a reconciliation read) as a lifecycle `report`.
 *
 * @example
 * ```ts
 * applyOrderUpdate(known, orderReport(answer))
 * ```
 */
export function orderReport(order: Order): OrderUpdate {
  const update: OrderUpdate = { kind: 'report', status: order.status, filledQuantity: order.filledQuantity, timestamp: order.updatedAt, raw: order.raw };
  if (order.averageFillPrice !== undefined) update.averageFillPrice = order.averageFillPrice;
  if (order.quantity !== undefined) update.quantity = order.quantity;
  return update;
}

/**
 * The one place an order's state changes. Returns the new order (never mutates), `unchanged`
 * for a repeat, `stale` for a snapshot older than what we know; throws `OrderStateError` for an
 * impossible event (filled above quantity, fills going backwards, leaving a terminal state other
 * than by a race).
 *
 * @example
 * ```ts
 * const r = applyOrderUpdate(order, { kind: 'event', status: 'filled', filledQuantity: 10, averageFillPrice: 101.5, timestamp })
 * if (r.kind === 'applied') order = r.order
 * ```
 */
export function applyOrderUpdate(order: Order, update: OrderUpdate): ApplyResult {
  const quantity = update.quantity ?? order.quantity;
  const fail = (why: string): never => {
    throw new OrderStateError(`Order ${order.id} (${order.clientOrderId}): ${why}`);
  };
  if (!Number.isFinite(update.filledQuantity) || update.filledQuantity < 0) {
    fail(`filled quantity ${update.filledQuantity} is not a quantity`);
  }
  if (quantity !== undefined && update.filledQuantity > quantity + EPSILON) {
    fail(`filled quantity ${update.filledQuantity} is above the order quantity ${quantity}`);
  }
  if (update.status === 'filled' && quantity !== undefined && update.filledQuantity + EPSILON < quantity) {
    fail(`status filled with ${update.filledQuantity} of ${quantity} filled`);
  }
  const isReport = update.kind === 'report';
  if (update.filledQuantity + EPSILON < order.filledQuantity) {
    if (isReport) return { kind: 'stale', order, reason: `reports ${update.filledQuantity} filled, ${order.filledQuantity} already known` };
    fail(`filled quantity went back from ${order.filledQuantity} to ${update.filledQuantity}`);
  }
  const moreFilled = update.filledQuantity > order.filledQuantity + EPSILON;
  const quantityChanged = update.quantity !== undefined && !(order.quantity !== undefined && Math.abs(update.quantity - order.quantity) <= EPSILON);
  if (update.status === order.status && !moreFilled && !quantityChanged) return { kind: 'unchanged', order };
  if (isReport && !moreFilled && Date.parse(update.timestamp) < Date.parse(order.updatedAt)) {
    return { kind: 'stale', order, reason: `snapshot from ${update.timestamp} is older than ${order.updatedAt}` };
  }
  let race = false;
  if (update.status !== order.status) {
    const kind = classifyTransition(order.status, update.status);
    if (kind === 'illegal') {
      if (isReport) return { kind: 'stale', order, reason: `cannot move from ${order.status} to ${update.status}` };
      fail(`cannot move from ${order.status} to ${update.status}`);
    }
    race = kind === 'race';
    // A race out of a terminal state is only real when it brings a fill with it: a canceled order
    // with no new fill coming "back" would otherwise be able to work again.
    if (race && isTerminalStatus(order.status) && !moreFilled) {
      if (isReport) return { kind: 'stale', order, reason: `${order.status} -> ${update.status} without a new fill` };
      fail(`cannot leave ${order.status} for ${update.status} without a new fill`);
    }
  }
  if (moreFilled && !FILL_STATUSES.has(update.status)) {
    if (isReport) return { kind: 'stale', order, reason: `fills reported with status ${update.status}` };
    fail(`fills arrived with status ${update.status}`);
  }
  if (moreFilled && (order.status === 'rejected' || order.status === 'filled')) fail(`fills arrived after ${order.status}`);
  const next: Order = {
    ...order,
    status: update.status,
    filledQuantity: update.filledQuantity,
    updatedAt: update.timestamp,
  };
  if (quantity !== undefined) next.quantity = quantity;
  if (update.averageFillPrice !== undefined) next.averageFillPrice = update.averageFillPrice;
  if (update.status === 'filled' && !order.filledAt) next.filledAt = update.timestamp;
  if (update.status === 'canceled' && !order.canceledAt) next.canceledAt = update.timestamp;
  if (update.raw !== undefined) next.raw = update.raw;
  return { kind: 'applied', order: next, race };
}
