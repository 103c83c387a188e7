import { applyOrderUpdate, type OrderStatus, type OrderUpdate } from '@invest/broker-core';
import { placeOrder, unindexOrder } from './book-index.ts';
import type { SimEngine } from './engine.ts';
import { numberOf } from './fast-decimal.ts';
import { publicOrder } from './public-order.ts';
import { isOpenStatus, remainingQuantity, type SimOrder } from './sim-order.ts';
import { isoTime } from './time-text.ts';

/**
 * The one place an order's status changes: through `applyOrderUpdate`, recording an event.
 *
 * @example
 * ```ts
 * updateOrder(engine, o, 'canceled', engine.time)
 * ```
 */
export function updateOrder(e: SimEngine, o: SimOrder, status: OrderStatus, at: number, extra?: { quantity?: number; averageFillPrice?: number }): void {
  const update: OrderUpdate = { kind: 'event', status, filledQuantity: numberOf(o.filled), timestamp: isoTime(at) };
  if (extra !== undefined) {
    if ('quantity' in extra) update.quantity = extra.quantity;
    if ('averageFillPrice' in extra) update.averageFillPrice = extra.averageFillPrice;
  }
  const r = applyOrderUpdate(o.order, update);
  if (r.kind !== 'applied') return;
  o.order = r.order;
  e.mutations++;
  if (!isOpenStatus(status)) e.store.untrackOpen(o);
  e.changed(o);
  if (e.recording) e.events.push({ type: 'order', order: publicOrder(e, o) });
}

/**
 * True when the market is open for this order now (regular hours, or extended hours for an
 * extended-hours order).
 *
 * @example
 * ```ts
 * canWork(engine, o) // false at 03:00 New York
 * ```
 */
export function canWork(e: SimEngine, o: SimOrder): boolean {
  const phase = e.tracker.phase;
  return phase === 'regular' || (phase === 'extended' && o.order.extendedHours);
}

/** When a day / opg / cls order ends. */
function expiryFor(e: SimEngine, o: SimOrder, at: number): number | undefined {
  const tif = o.order.timeInForce;
  if (tif !== 'day' && tif !== 'opg' && tif !== 'cls') return undefined;
  const s = e.calendar.sessionAt(at);
  if (tif === 'day' && o.order.extendedHours) return s.extendedClose;
  const limit = tif === 'opg' ? s.open : s.close;
  return at < limit ? s.close : e.calendar.sessionAt(s.extendedClose).close;
}

/**
 * Starts an order working: its status, its expiry, its place in the book, and a first try at the
 * market. `quantity`: a new quantity (an exit leg protecting what a partly filled entry bought).
 *
 * @example
 * ```ts
 * activateOrder(engine, leg, engine.time)
 * ```
 */
export function activateOrder(e: SimEngine, o: SimOrder, at: number, quantity?: number): void {
  o.expiresAt = expiryFor(e, o, at);
  e.store.touched?.add(o);
  const status: OrderStatus = o.order.timeInForce === 'opg' || !canWork(e, o) ? 'accepted' : 'new';
  updateOrder(e, o, status, at, quantity === undefined ? undefined : { quantity });
  if (!isOpenStatus(o.order.status)) return;
  if (status === 'accepted') e.store.queued.add(o);
  placeOrder(e, o, at, true);
  // Only an order still open can expire (the heap pops by expiry, then seq, whatever was pushed
  // when, so leaving out one that already ended changes nothing but the heap's size).
  if (o.expiresAt !== undefined && isOpenStatus(o.order.status)) e.store.expiries.push(o.expiresAt, o.seq, o);
}

/**
 * Ends an open order (canceled / expired) and settles its legs. `cascade`: also end its working legs.
 *
 * @example
 * ```ts
 * endOrder(engine, o, 'canceled', engine.time, true)
 * ```
 */
export function endOrder(e: SimEngine, o: SimOrder, status: 'canceled' | 'expired', at: number, cascade: boolean): void {
  if (!isOpenStatus(o.order.status)) return;
  unindexOrder(e, o);
  e.store.queued.delete(o);
  updateOrder(e, o, status, at);
  for (const legId of o.legIds) {
    const leg = e.orders.get(legId);
    if (!leg || !isOpenStatus(leg.order.status)) continue;
    if (leg.order.status === 'held') {
      // An entry that filled in part leaves a position: its exits protect what filled.
      if (o.filled.sign() > 0) activateOrder(e, leg, at, o.filled.toNumber());
      else endOrder(e, leg, 'canceled', at, false);
    } else if (cascade) {
      endOrder(e, leg, 'canceled', at, false);
    }
  }
}

/**
 * Held legs follow a replaced entry's new quantity.
 *
 * @example
 * ```ts
 * resizeHeldLegs(engine, replacedEntry, engine.time)
 * ```
 */
export function resizeHeldLegs(e: SimEngine, entry: SimOrder, at: number): void {
  for (const legId of entry.legIds) {
    const leg = e.get(legId);
    if (leg.order.status === 'held' && entry.order.quantity !== undefined && leg.order.quantity !== entry.order.quantity) {
      updateOrder(e, leg, 'held', at, { quantity: entry.order.quantity });
    }
  }
}

/**
 * True while an order has something left to fill (a notional order before its first fill has).
 *
 * @example
 * ```ts
 * unfilled(o) // false once filled
 * ```
 */
export function unfilled(o: SimOrder): boolean {
  return o.order.quantity === undefined || remainingQuantity(o).sign() > 0;
}
