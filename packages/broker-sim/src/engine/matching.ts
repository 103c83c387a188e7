import { indexOrder, placeOrder, unindexOrder } from './book-index.ts';
import type { SimEngine } from './engine.ts';
import { decimalOf } from './fast-decimal.ts';
import { executeOrder, takeLimit, takeMarket } from './execution.ts';
import { canWork, endOrder, updateOrder } from './lifecycle.ts';
import type { OrderBook } from './order-book.ts';
import { isOpenStatus, remainingQuantity, type SimOrder } from './sim-order.ts';

/**
 * Everything a quote can set off in one book: in regular hours stops trigger, trailing stops
 * follow the price, at-the-open and market orders fill and resting limits the quote reached fill;
 * in extended hours only extended-hours limits work.
 *
 * @example
 * ```ts
 * matchBook(engine, engine.book('AAPL'), engine.time)
 * ```
 */
export function matchBook(e: SimEngine, book: OrderBook, at: number): void {
  const phase = e.tracker.phase;
  if (phase === 'regular') {
    if (book.buyStops.size > 0 || book.sellStops.size > 0) triggerStops(e, book, at);
    trail(e, book, at);
    if (book.opening.length > 0) runOpening(e, book, at);
    if (book.markets.length > 0) runMarkets(e, book, at);
    runLimits(e, book, at, 'buy', true);
    runLimits(e, book, at, 'sell', true);
  } else if (phase === 'extended') {
    runLimits(e, book, at, 'buy', false);
    runLimits(e, book, at, 'sell', false);
  }
  book.compact();
}

/**
 * At the close: at-the-close orders take the last quote before it (if they are working), then
 * end `expired` if anything is left.
 *
 * @example
 * ```ts
 * runClosing(engine, book, session.close)
 * ```
 */
export function runClosing(e: SimEngine, book: OrderBook, at: number): void {
  for (const o of [...book.closing]) {
    if (o.expiresAt !== at) continue;
    unindexOrder(e, o);
    if (book.hasQuote && isOpenStatus(o.order.status) && o.order.status !== 'accepted') {
      if (o.order.type === 'market') takeMarket(e, o, book, at);
      else takeLimit(e, o, book, at);
    }
    if (isOpenStatus(o.order.status)) endOrder(e, o, 'expired', at, false);
  }
}

function triggerStops(e: SimEngine, book: OrderBook, at: number): void {
  const up = book.triggerPrice('buy');
  if (up !== undefined) {
    for (let x = book.top(book.buyStops); x && up >= x.key; x = book.top(book.buyStops)) {
      book.buyStops.pop();
      fire(e, x.value, book, at);
    }
  }
  const down = book.triggerPrice('sell');
  if (down !== undefined) {
    for (let x = book.top(book.sellStops); x && down <= -x.key; x = book.top(book.sellStops)) {
      book.sellStops.pop();
      fire(e, x.value, book, at);
    }
  }
}

/** A stop or trailing stop reached its trigger: it becomes a market (or limit) order now. */
function fire(e: SimEngine, o: SimOrder, book: OrderBook, at: number): void {
  o.gen += 1;
  o.slot = 'none';
  book.live -= 1;
  o.triggered = true;
  e.changed(o);
  e.mutations++;
  placeOrder(e, o, at, true);
}

function trail(e: SimEngine, book: OrderBook, at: number): void {
  const down = book.triggerPrice('sell');
  const up = book.triggerPrice('buy');
  if (book.unanchored.length > 0) {
    for (const o of [...book.unanchored]) {
      const anchor = o.order.side === 'sell' ? down : up;
      if (anchor === undefined) continue;
      book.unanchored.splice(book.unanchored.indexOf(o), 1);
      book.live -= 1;
      indexOrder(o, book, 'trailing', anchor);
      e.store.touched?.add(o);
    }
  }
  if (down !== undefined) {
    book.trailRefSell = down;
    if (book.trailSell.size > 0) {
      for (const o of book.trailSell.update(down, e.store.touched)) fire(e, o, book, at);
    }
  }
  if (up !== undefined) {
    book.trailRefBuy = up;
    if (book.trailBuy.size > 0) {
      for (const o of book.trailBuy.update(up, e.store.touched)) fire(e, o, book, at);
    }
  }
}

function runOpening(e: SimEngine, book: OrderBook, at: number): void {
  if (!book.hasQuote) return;
  const close = e.tracker.session.close;
  for (const o of [...book.opening]) {
    // Placed during today's session: it waits for the next open.
    if (o.expiresAt !== close) continue;
    unindexOrder(e, o);
    e.store.queued.delete(o);
    updateOrder(e, o, 'new', at);
    if (o.order.type === 'market') takeMarket(e, o, book, at);
    else takeLimit(e, o, book, at);
    // An at-the-open order gets the open or nothing.
    if (isOpenStatus(o.order.status)) endOrder(e, o, 'expired', at, false);
  }
}

function runMarkets(e: SimEngine, book: OrderBook, at: number): void {
  for (const o of [...book.markets]) {
    if (o.slot !== 'market' || !canWork(e, o)) continue;
    if (e.config.liquidity && book.available(o.order.side) <= 0) continue;
    takeMarket(e, o, book, at);
  }
}

/** Resting limits that the quote reached fill at their limit price, best price first, then oldest. */
function runLimits(e: SimEngine, book: OrderBook, at: number, side: 'buy' | 'sell', regular: boolean): void {
  const main = side === 'buy' ? book.buyLimits : book.sellLimits;
  const ext = side === 'buy' ? book.buyLimitsExt : book.sellLimitsExt;
  if ((!regular || main.size === 0) && ext.size === 0) return;
  for (;;) {
    const px = book.takePrice(side);
    if (px === undefined) return;
    const a = regular ? book.top(main) : undefined;
    const b = book.top(ext);
    const x = a && b ? (a.key < b.key || (a.key === b.key && a.seq < b.seq) ? a : b) : (a ?? b);
    if (!x) return;
    const limit = side === 'buy' ? -x.key : x.key;
    if (side === 'buy' ? px > limit : px < limit) return;
    if (e.config.liquidity && book.available(side) <= 0) return;
    const o = x.value;
    (x === a ? main : ext).pop();
    o.gen += 1;
    o.slot = 'none';
    book.live -= 1;
    executeOrder(e, o, book, decimalOf(limit), at);
    if (isOpenStatus(o.order.status) && o.slot === 'none' && remainingQuantity(o).sign() > 0) {
      indexOrder(o, book, 'limit');
      // Still open after a fill attempt: the quote's liquidity is used up.
      return;
    }
  }
}
