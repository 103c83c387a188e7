import { Decimal, InvalidOrderError, OrderStateError, type OrderReplace, type OrderRequest } from '@invest/broker-core';
import { unindexOrder } from './book-index.ts';
import type { SimEngine } from './engine.ts';
import { checkFunds } from './funds-check.ts';
import { activateOrder, endOrder, resizeHeldLegs, updateOrder } from './lifecycle.ts';
import { blankOrder } from './order-fields.ts';
import { checkSimRules } from './order-rules.ts';
import { checkPriceIncrements } from './price-increments.ts';
import { generatedClientId } from './client-id-index.ts';
import { isOpenStatus, remainingQuantity, type OrderRole, type SimOrder } from './sim-order.ts';
import { isoTime, padSeq } from './time-text.ts';

/**
 * The client order id core's edge gives a request that came without one (see
 * `SimBroker.generateClientOrderId`): the engine replaces it with the next free `sim-NNNNNN`
 * while it holds the state, so ids are unique across processes and the same for the same inputs.
 * The `*` is outside the simulator's client order id characters, so no caller can send it.
 */
export const PENDING_CLIENT_ORDER_ID = 'sim-pending*';

/** The legs of an order that has none: one shared list, never changed (`newLeg` gives a parent its own). */
const NO_LEGS: string[] = [];

/**
 * Places a parsed order (with its legs). The account's rules are checked before anything changes
 * (symbol known, client order id unused, short selling, buying power), so a refused order leaves
 * no trace.
 *
 * @example
 * ```ts
 * submitOrder(engine, parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 10 }))
 * ```
 */
export function submitOrder(e: SimEngine, req: OrderRequest): SimOrder {
  checkSimRules(req);
  checkPriceIncrements(req, e.config.priceRounding);
  const at = e.time;
  if (!e.knows(req.symbol)) {
    throw new InvalidOrderError(`Invalid order: symbol: unknown symbol ${req.symbol} (the price source has no price for it)`, {
      field: 'symbol', broker: 'sim', outcome: 'rejected',
    });
  }
  const generatedSeq = req.clientOrderId === PENDING_CLIENT_ORDER_ID ? e.store.nextFreeClientSeq(e.seq.clientOrderId) : 0;
  const clientOrderId = generatedSeq > 0 ? generatedClientId(generatedSeq) : req.clientOrderId;
  // A generated id was just found free.
  if (generatedSeq === 0) e.store.assertClientIdFree(clientOrderId);
  checkFunds(e, req, undefined);

  // Nothing has changed so far; from here the order exists.
  if (generatedSeq > 0) e.seq.clientOrderId = generatedSeq;
  e.mutations++;
  const parent = createOrder(e, req, clientOrderId, at, req.orderClass === 'oco' ? 'take_profit' : 'entry');
  if (req.orderClass === 'oco') {
    const tp = req.takeProfit as { limitPrice: number };
    parent.order.type = 'limit';
    parent.order.limitPrice = tp.limitPrice;
    const sl = newLeg(e, parent, req, 'stop_loss', req.side, at);
    parent.siblingId = sl.order.id;
    sl.siblingId = parent.order.id;
    activateOrder(e, parent, at);
    if (isOpenStatus(sl.order.status)) activateOrder(e, sl, at);
    return parent;
  }
  if (req.orderClass === 'bracket' || req.orderClass === 'oto') {
    const exit = req.side === 'buy' ? 'sell' : 'buy';
    const legs: SimOrder[] = [];
    if (req.takeProfit) legs.push(newLeg(e, parent, req, 'take_profit', exit, at));
    if (req.stopLoss) legs.push(newLeg(e, parent, req, 'stop_loss', exit, at));
    if (legs.length === 2) {
      (legs[0] as SimOrder).siblingId = (legs[1] as SimOrder).order.id;
      (legs[1] as SimOrder).siblingId = (legs[0] as SimOrder).order.id;
    }
    for (const leg of legs) updateOrder(e, leg, 'held', at);
  }
  activateOrder(e, parent, at);
  return parent;
}

/**
 * Cancels an open order (and its legs; legs of a partly filled entry start working instead).
 *
 * @example
 * ```ts
 * cancelOrder(engine, 'ord-000002')
 * ```
 */
export function cancelOrder(e: SimEngine, id: string): void {
  const o = e.get(id);
  if (!isOpenStatus(o.order.status)) {
    throw new OrderStateError(`Order ${id} is ${o.order.status} and cannot be canceled`, { broker: 'sim' });
  }
  e.mutations++;
  endOrder(e, o, 'canceled', e.time, true);
}

/**
 * Replaces an open order with a new one carrying the changes (the old one ends `replaced`, the
 * new one has `replaces` set and goes to the back of the queue at its price). Without a client
 * order id in `changes` the new order gets the next generated one.
 *
 * @example
 * ```ts
 * replaceOrder(engine, 'ord-000002', { limitPrice: 101 })
 * ```
 */
export function replaceOrder(e: SimEngine, id: string, changes: OrderReplace): SimOrder {
  const old = e.get(id);
  const at = e.time;
  const o = old.order;
  const bad = (field: string, message: string): never => {
    throw new InvalidOrderError(`Invalid replace: ${field}: ${message}`, { field, broker: 'sim', outcome: 'denied' });
  };
  if (!isOpenStatus(o.status)) throw new OrderStateError(`Order ${id} is ${o.status} and cannot be replaced`, { broker: 'sim' });
  if (o.type === 'market') bad('type', 'a market order cannot be replaced');
  if (changes.limitPrice !== undefined && o.type !== 'limit' && o.type !== 'stop_limit') bad('limitPrice', `is not allowed on a ${o.type} order`);
  if (changes.stopPrice !== undefined && o.type !== 'stop' && o.type !== 'stop_limit') bad('stopPrice', `is not allowed on a ${o.type} order`);
  if (old.triggered && o.type !== 'stop_limit') bad('type', `the ${o.type} has triggered and is working as a market order`);
  if (changes.stopPrice !== undefined && old.triggered) bad('stopPrice', 'the stop has already triggered');
  for (const f of ['trailPrice', 'trailPercent'] as const) {
    if (changes[f] !== undefined && o.type !== 'trailing_stop') bad(f, `is not allowed on a ${o.type} order`);
  }
  if (changes.trailPrice !== undefined && changes.trailPercent !== undefined) bad('trailPercent', 'cannot be given together with trailPrice');
  if (changes.trailPercent !== undefined && changes.trailPercent >= 100) bad('trailPercent', `must be below 100, got ${changes.trailPercent}`);
  if (changes.quantity !== undefined && old.role !== 'entry') bad('quantity', `cannot change on a ${o.orderClass} exit leg`);
  if (changes.quantity !== undefined && old.siblingId !== undefined) bad('quantity', 'cannot change on an oco order');
  if (changes.timeInForce !== undefined && changes.timeInForce !== o.timeInForce && (old.role !== 'entry' || o.orderClass !== 'simple')) {
    bad('timeInForce', `cannot change on a ${o.orderClass} order`);
  }
  const req = requestOf(old, changes);
  try {
    checkSimRules(req);
    checkPriceIncrements(req, e.config.priceRounding);
  } catch (error) {
    if (error instanceof InvalidOrderError) bad(error.field ?? '(root)', error.message.replace(/^Invalid order: [^:]*: /, ''));
    throw error;
  }
  if (req.type === 'stop_limit' && (req.side === 'buy' ? (req.limitPrice as number) < (req.stopPrice as number) : (req.limitPrice as number) > (req.stopPrice as number))) {
    bad('limitPrice', `must be ${req.side === 'buy' ? 'at or above' : 'at or below'} stopPrice ${req.stopPrice} for a ${req.side} stop_limit order, got ${req.limitPrice}`);
  }
  const generatedSeq = changes.clientOrderId === undefined ? e.store.nextFreeClientSeq(e.seq.clientOrderId) : 0;
  const clientOrderId = changes.clientOrderId ?? generatedClientId(generatedSeq);
  e.store.assertClientIdFree(clientOrderId);
  if (old.role === 'entry' && o.status !== 'held') checkFunds(e, req, old);

  if (generatedSeq > 0) e.seq.clientOrderId = generatedSeq;
  e.mutations++;
  const wasHeld = o.status === 'held';
  const next = createOrder(e, { ...req, clientOrderId }, clientOrderId, at, old.role);
  next.order.type = o.type;
  next.order.orderClass = o.orderClass;
  next.order.replaces = o.id;
  if (o.parentId !== undefined) next.order.parentId = o.parentId;
  next.legIds = old.legIds;
  next.triggered = old.triggered && o.type === 'stop_limit';
  if (old.siblingId !== undefined) {
    next.siblingId = old.siblingId;
    const sib = e.orders.get(old.siblingId);
    if (sib) {
      sib.siblingId = next.order.id;
      e.changed(sib);
    }
  }
  for (const legId of old.legIds) {
    const leg = e.get(legId);
    leg.order = { ...leg.order, parentId: next.order.id };
    e.changed(leg);
  }
  if (o.parentId !== undefined) {
    const parent = e.get(o.parentId);
    parent.legIds = parent.legIds.map((l) => (l === o.id ? next.order.id : l));
    e.changed(parent);
  }
  unindexOrder(e, old);
  e.store.queued.delete(old);
  old.legIds = [];
  old.siblingId = undefined;
  updateOrder(e, old, 'replaced', at);
  if (wasHeld) {
    updateOrder(e, next, 'held', at);
  } else {
    activateOrder(e, next, at);
    if (changes.quantity !== undefined) resizeHeldLegs(e, next, at);
  }
  return next;
}

function createOrder(e: SimEngine, req: OrderRequest, clientOrderId: string, at: number, role: OrderRole): SimOrder {
  const seq = ++e.seq.order;
  const id = `ord-${padSeq(seq)}`;
  const now = isoTime(at);
  // Set field by field on the engine's shape: no intermediate object to copy from.
  const order = blankOrder();
  order.id = id;
  order.clientOrderId = clientOrderId;
  order.symbol = req.symbol;
  order.side = req.side;
  order.type = req.type;
  order.timeInForce = req.timeInForce;
  order.orderClass = req.orderClass;
  order.status = 'pending_new';
  order.quantity = req.quantity;
  order.notional = req.notional;
  order.filledQuantity = 0;
  order.limitPrice = req.limitPrice;
  order.stopPrice = req.stopPrice;
  order.trailPrice = req.trailPrice;
  order.trailPercent = req.trailPercent;
  order.extendedHours = req.extendedHours;
  order.createdAt = now;
  order.updatedAt = now;
  order.submittedAt = now;
  const o: SimOrder = {
    order, seq, role, legIds: NO_LEGS, filled: Decimal.ZERO, value: Decimal.ZERO, commission: Decimal.ZERO,
    triggered: false, gen: 0, slot: 'none', claim: undefined, openAt: -1, sellPart: undefined,
  };
  e.store.add(o);
  e.store.trackOpen(o);
  e.changed(o);
  return o;
}

/** An exit leg of a bracket / OTO entry, or the stop of an OCO, with the next generated client order id. */
function newLeg(e: SimEngine, parent: SimOrder, req: OrderRequest, role: 'take_profit' | 'stop_loss', side: 'buy' | 'sell', at: number): SimOrder {
  e.seq.clientOrderId = e.store.nextFreeClientSeq(e.seq.clientOrderId);
  const clientOrderId = generatedClientId(e.seq.clientOrderId);
  const legReq: OrderRequest = {
    symbol: req.symbol, side, quantity: req.quantity, timeInForce: req.timeInForce, extendedHours: false,
    orderClass: req.orderClass, clientOrderId,
    ...(role === 'take_profit'
      ? { type: 'limit' as const, limitPrice: (req.takeProfit as { limitPrice: number }).limitPrice }
      : req.stopLoss?.limitPrice !== undefined
        ? { type: 'stop_limit' as const, stopPrice: req.stopLoss.stopPrice, limitPrice: req.stopLoss.limitPrice }
        : { type: 'stop' as const, stopPrice: (req.stopLoss as { stopPrice: number }).stopPrice }),
  };
  const leg = createOrder(e, legReq, clientOrderId, at, role);
  leg.order.parentId = parent.order.id;
  // A new order shares the empty list: give it its own before adding.
  if (parent.legIds === NO_LEGS) parent.legIds = [];
  parent.legIds.push(leg.order.id);
  e.changed(parent);
  return leg;
}

/** The request an order would be with `changes` applied (for replace). */
function requestOf(old: SimOrder, changes: OrderReplace): OrderRequest {
  const o = old.order;
  const req: OrderRequest = {
    symbol: o.symbol, side: o.side, type: o.type, timeInForce: changes.timeInForce ?? o.timeInForce,
    // Checked as a simple order: the class rules were met when the group was placed.
    extendedHours: o.extendedHours, orderClass: 'simple', clientOrderId: o.clientOrderId,
    quantity: changes.quantity ?? remainingQuantity(old).toNumber(),
  };
  const limitPrice = changes.limitPrice ?? o.limitPrice;
  if (limitPrice !== undefined && (o.type === 'limit' || o.type === 'stop_limit')) req.limitPrice = limitPrice;
  const stopPrice = changes.stopPrice ?? o.stopPrice;
  if (stopPrice !== undefined && (o.type === 'stop' || o.type === 'stop_limit')) req.stopPrice = stopPrice;
  if (o.type === 'trailing_stop') {
    if (changes.trailPrice !== undefined) req.trailPrice = changes.trailPrice;
    else if (changes.trailPercent !== undefined) req.trailPercent = changes.trailPercent;
    else if (o.trailPrice !== undefined) req.trailPrice = o.trailPrice;
    else req.trailPercent = o.trailPercent;
  }
  return req;
}
