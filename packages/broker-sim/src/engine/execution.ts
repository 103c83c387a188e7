import { Decimal } from '@invest/broker-core';
import { unindexOrder } from './book-index.ts';
import { fillCommission } from './commission.ts';
import { floorDecimal } from './decimal-floor.ts';
import type { SimEngine } from './engine.ts';
import { decimalOf, numberOf, plus } from './fast-decimal.ts';
import { slippedPrice } from './fill-price.ts';
import { QUANTITY_PLACES } from './funds-check.ts';
import { activateOrder, endOrder, updateOrder } from './lifecycle.ts';
import type { OrderBook } from './order-book.ts';
import { PendingFill } from './pending-fill.ts';
import { isOpenStatus, orderQuantity, remainingQuantity, type SimOrder } from './sim-order.ts';

/**
 * Fills a market order (or a fired stop) at the current quote, moved by slippage and rounded to a
 * tradable price, as far as liquidity allows. A notional order gets its quantity here.
 *
 * @example
 * ```ts
 * takeMarket(engine, o, engine.book('AAPL'), engine.time)
 * ```
 */
export function takeMarket(e: SimEngine, o: SimOrder, book: OrderBook, at: number): void {
  const side = o.order.side;
  const px = book.takePrice(side);
  if (px === undefined) return;
  const price = slippedPrice(px, side, e.config.slippageBps, e.config.priceRounding);
  if (o.order.quantity === undefined) {
    const qty = floorDecimal(Decimal.from(o.order.notional as number).div(price, QUANTITY_PLACES + 3), e.config.fractional ? QUANTITY_PLACES : 0);
    if (qty.sign() <= 0) {
      endOrder(e, o, 'canceled', at, false);
      return;
    }
    updateOrder(e, o, o.order.status, at, { quantity: numberOf(qty) });
  }
  executeOrder(e, o, book, price, at);
}

/**
 * An arriving limit order (or a triggered stop-limit) takes the quote where it is marketable,
 * never beyond its limit.
 *
 * @example
 * ```ts
 * takeLimit(engine, o, engine.book('AAPL'), engine.time)
 * ```
 */
export function takeLimit(e: SimEngine, o: SimOrder, book: OrderBook, at: number): void {
  const side = o.order.side;
  const px = book.takePrice(side);
  const limit = o.order.limitPrice as number;
  if (px === undefined || (side === 'buy' ? px > limit : px < limit)) return;
  let price = slippedPrice(px, side, e.config.slippageBps, e.config.priceRounding);
  const exact = decimalOf(limit);
  if (side === 'buy' ? price.cmp(exact) > 0 : price.cmp(exact) < 0) price = exact;
  executeOrder(e, o, book, price, at);
}

/**
 * Fills what liquidity allows of an order at `price`; FOK fills all or nothing.
 *
 * @example
 * ```ts
 * executeOrder(engine, o, book, Decimal.from('187.23'), engine.time)
 * ```
 */
export function executeOrder(e: SimEngine, o: SimOrder, book: OrderBook, price: Decimal, at: number): void {
  let qty = remainingQuantity(o);
  if (e.config.liquidity) {
    const avail = book.available(o.order.side);
    if (avail !== Infinity) {
      const cap = floorDecimal(decimalOf(avail), e.config.fractional ? QUANTITY_PLACES : 0);
      if (cap.cmp(qty) < 0) {
        if (o.order.timeInForce === 'fok') return;
        qty = cap;
      }
    }
  }
  if (qty.sign() <= 0) return;
  bookFill(e, o, book, qty, price, at);
}

/** Books one execution: ledger, order, fill record, events, and what it means for the order's group. */
function bookFill(e: SimEngine, o: SimOrder, book: OrderBook, qty: Decimal, price: Decimal, at: number): void {
  const side = o.order.side;
  const commission = fillCommission(e.config.commission, o.filled, qty);
  const realized = e.ledger.apply(o.order.symbol, side, qty, price, commission);
  const first = o.filled.units === 0n && o.value.units === 0n;
  o.filled = plus(o.filled, qty);
  o.value = plus(o.value, qty.mul(price));
  o.commission = plus(o.commission, commission);
  e.changed(o);
  if (e.config.liquidity) book.consume(side, numberOf(qty));
  const pending = new PendingFill(++e.seq.fill, o.order.id, o.order.clientOrderId, o.order.symbol, side, qty, price, commission, realized, at);
  e.ledgerChanged = true;
  e.mutations++;
  if (e.recording) {
    // Someone listens: the record is needed now.
    const fill = pending.toFill();
    e.fillLog.push(fill);
    e.events.push({ type: 'fill', fill });
  } else {
    e.fillLog.push(pending);
  }
  const done = remainingQuantity(o).sign() <= 0;
  if (done) unindexOrder(e, o);
  // After a first fill the average is the price itself (value / filled = price exactly; the
  // 10-place rounding keeps it whenever the price has at most 10 places).
  const average = first && price.scale <= 10 ? numberOf(price) : numberOf(o.value.div(o.filled, 10));
  updateOrder(e, o, done ? 'filled' : 'partially_filled', at, { averageFillPrice: average });
  e.store.queued.delete(o);

  // OCO: what one exit filled, the other no longer needs to cover.
  const sib = o.siblingId === undefined ? undefined : e.orders.get(o.siblingId);
  if (sib && isOpenStatus(sib.order.status) && sib.order.status !== 'held') {
    const rem = remainingQuantity(o);
    if (rem.sign() <= 0) {
      endOrder(e, sib, 'canceled', at, false);
    } else {
      const target = sib.filled.add(rem);
      const current = orderQuantity(sib);
      if (!current || !target.eq(current)) updateOrder(e, sib, sib.order.status, at, { quantity: target.toNumber() });
    }
  }
  // A filled entry starts its exits.
  if (done && o.role === 'entry') {
    for (const legId of o.legIds) {
      const leg = e.get(legId);
      if (leg.order.status === 'held') {
        activateOrder(e, leg, at, leg.order.quantity === o.filled.toNumber() ? undefined : o.filled.toNumber());
      }
    }
  }
}
