import type { SessionBoundary } from '../session/session-tracker.ts';
import type { TradingSession } from '../session/calendar.ts';
import type { SimEngine } from './engine.ts';
import { endOrder, updateOrder } from './lifecycle.ts';
import { matchBook, runClosing } from './matching.ts';
import { accountTotals } from './valuation.ts';
import { isOpenStatus } from './sim-order.ts';

/**
 * What happens at a session boundary: at the extended open a new trading day (its start-of-day
 * equity) and extended-hours orders start; at the open the other waiting orders start (at-the-open
 * ones run at the first quote); at the close at-the-close orders run and day orders expire; at the
 * extended close extended-hours day orders expire.
 *
 * @example
 * ```ts
 * tracker.advance(time, (b, at, s) => sessionBoundary(engine, b, at, s))
 * ```
 */
export function sessionBoundary(e: SimEngine, boundary: SessionBoundary, at: number, session: TradingSession): void {
  e.time = at;
  const queued = e.store.queued;
  switch (boundary) {
    case 'extendedOpen':
      if (session.date !== e.startOfDay.date) {
        e.startOfDay = { date: session.date, equity: accountTotals(e).equity };
        e.mutations++;
      }
      for (const o of [...queued]) {
        if (o.order.extendedHours) {
          queued.delete(o);
          updateOrder(e, o, 'new', at);
        }
      }
      matchAll(e, at);
      break;
    case 'open':
      for (const o of [...queued]) {
        if (o.order.timeInForce === 'opg') continue;
        queued.delete(o);
        updateOrder(e, o, 'new', at);
      }
      matchAll(e, at);
      break;
    case 'close':
      for (const book of e.books.values()) if (book.closing.length > 0) runClosing(e, book, at);
      expire(e, at);
      break;
    case 'extendedClose':
      expire(e, at);
      break;
  }
}

function matchAll(e: SimEngine, at: number): void {
  for (const book of e.books.values()) if (book.live > 0 && book.hasQuote) matchBook(e, book, at);
}

function expire(e: SimEngine, at: number): void {
  const expiries = e.store.expiries;
  for (let x = expiries.peek(); x && x.key <= at; x = expiries.peek()) {
    expiries.pop();
    const o = x.value;
    if (isOpenStatus(o.order.status) && o.expiresAt === x.key) endOrder(e, o, 'expired', at, false);
  }
}
