import type { SimEngine } from './engine.ts';
import { canWork, endOrder, unfilled } from './lifecycle.ts';
import { takeLimit, takeMarket } from './execution.ts';
import type { OrderBook } from './order-book.ts';
import { isOpenStatus, type OrderSlot, type SimOrder } from './sim-order.ts';

/**
 * Puts a working order where it belongs in its book. `arriving`: it is new (or just triggered) and
 * tries the market once at the current quote; an IOC / FOK order that does not fill ends here.
 *
 * @example
 * ```ts
 * placeOrder(engine, o, engine.time, true)
 * ```
 */
export function placeOrder(e: SimEngine, o: SimOrder, at: number, arriving: boolean): void {
  const book = e.book(o.order.symbol);
  const { type, timeInForce: tif, side } = o.order;
  if (tif === 'opg' && o.order.status === 'accepted') return indexOrder(o, book, 'opening');
  if (tif === 'cls') return indexOrder(o, book, 'closing');
  const immediate = tif === 'ioc' || tif === 'fok';
  if (type === 'market' || (o.triggered && (type === 'stop' || type === 'trailing_stop'))) {
    if (arriving && canWork(e, o)) takeMarket(e, o, book, at);
    if (isOpenStatus(o.order.status) && unfilled(o)) {
      if (immediate) endOrder(e, o, 'canceled', at, false);
      else indexOrder(o, book, 'market');
    }
    return;
  }
  if (type === 'limit' || (o.triggered && type === 'stop_limit')) {
    if (arriving && canWork(e, o)) takeLimit(e, o, book, at);
    if (isOpenStatus(o.order.status) && unfilled(o)) {
      if (immediate) endOrder(e, o, 'canceled', at, false);
      else indexOrder(o, book, 'limit');
    }
    return;
  }
  if (type === 'stop' || type === 'stop_limit') {
    if (arriving && e.tracker.phase === 'regular' && stopReached(o, book)) {
      o.triggered = true;
      e.changed(o);
      return placeOrder(e, o, at, true);
    }
    return indexOrder(o, book, 'stop');
  }
  // trailing stop
  if (o.waterMark !== undefined) return indexOrder(o, book, 'trailing', o.waterMark);
  // While trailing stops rest, every regular-hours tick moves the reference they share, and a new
  // one starts from it; with none resting, it starts from the price now.
  const resting = (side === 'sell' ? book.trailSell : book.trailBuy).size > 0;
  const anchor = (resting ? (side === 'sell' ? book.trailRefSell : book.trailRefBuy) : undefined) ?? book.triggerPrice(side);
  if (anchor === undefined) return indexOrder(o, book, 'unanchored');
  indexOrder(o, book, 'trailing', anchor);
}

function stopReached(o: SimOrder, book: OrderBook): boolean {
  const ref = book.triggerPrice(o.order.side);
  if (ref === undefined) return false;
  const stop = o.order.stopPrice as number;
  return o.order.side === 'buy' ? ref >= stop : ref <= stop;
}

/**
 * Files an order in one of its book's indexes (`slot`); `mark` is a trailing stop's starting water mark.
 *
 * @example
 * ```ts
 * indexOrder(o, book, 'limit')
 * ```
 */
export function indexOrder(o: SimOrder, book: OrderBook, slot: OrderSlot, mark?: number): void {
  o.gen += 1;
  o.slot = slot;
  book.live += 1;
  const buy = o.order.side === 'buy';
  switch (slot) {
    case 'limit': {
      const heap = o.order.extendedHours ? (buy ? book.buyLimitsExt : book.sellLimitsExt) : buy ? book.buyLimits : book.sellLimits;
      const limit = o.order.limitPrice as number;
      heap.push(buy ? -limit : limit, o.seq, o, o.gen);
      break;
    }
    case 'stop': {
      const stop = o.order.stopPrice as number;
      (buy ? book.buyStops : book.sellStops).push(buy ? stop : -stop, o.seq, o, o.gen);
      break;
    }
    case 'trailing':
      (buy ? book.trailBuy : book.trailSell).add(o, mark as number);
      o.waterMark = undefined;
      break;
    case 'unanchored':
      book.unanchored.push(o);
      break;
    case 'market':
      book.markets.push(o);
      break;
    case 'opening':
      book.opening.push(o);
      break;
    case 'closing':
      book.closing.push(o);
      break;
    default:
      book.live -= 1;
  }
}

/**
 * Takes an order out of its book's index (heap entries go stale; lists drop it).
 *
 * @example
 * ```ts
 * unindexOrder(engine, o)
 * ```
 */
export function unindexOrder(e: SimEngine, o: SimOrder): void {
  const slot = o.slot;
  if (slot === 'none' || slot === 'held') return;
  const book = e.book(o.order.symbol);
  const drop = (list: SimOrder[]): void => {
    const i = list.indexOf(o);
    if (i >= 0) list.splice(i, 1);
  };
  switch (slot) {
    case 'limit':
    case 'stop':
      book.stale += 1;
      break;
    case 'trailing': {
      const side = o.order.side === 'buy' ? book.trailBuy : book.trailSell;
      o.waterMark = side.markOf(o);
      side.remove(o);
      break;
    }
    case 'unanchored':
      drop(book.unanchored);
      break;
    case 'market':
      drop(book.markets);
      break;
    case 'opening':
      drop(book.opening);
      break;
    case 'closing':
      drop(book.closing);
      break;
  }
  o.gen += 1;
  o.slot = 'none';
  book.live -= 1;
}
