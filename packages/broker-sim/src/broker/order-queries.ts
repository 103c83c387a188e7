import { BrokerError, InvalidOrderError, orderMatchesFilter, type Order, type OrderFilter, type Quote } from '@invest/broker-core';
import type { SimEngine } from '../engine/engine.ts';
import { isoTime } from '../engine/time-text.ts';
import { withQuoteSides } from '../prices/quote-sides.ts';

/**
 * The orders a parsed filter selects, newest first, as callers see them.
 *
 * @example
 * ```ts
 * filterOrders(engine, { status: 'open' }).length // 3
 * ```
 */
export function filterOrders(engine: SimEngine, f: OrderFilter): Order[] {
  const out: Order[] = [];
  const all = [...engine.orders.values()].sort((a, b) => b.seq - a.seq);
  for (const o of all) {
    if (!orderMatchesFilter(o.order, f)) continue;
    out.push(engine.publicOrder(o));
    if (f.limit !== undefined && out.length >= f.limit) break;
  }
  return out;
}

/**
 * The latest quote of a symbol in the core model. An unknown symbol is refused
 * (`InvalidOrderError`, outcome rejected); a known one with no quote yet is a retryable error.
 *
 * @example
 * ```ts
 * quoteOf(engine, 'AAPL') // { symbol: 'AAPL', bid: 187.2, ask: 187.23, timestamp: '...' }
 * ```
 */
export function quoteOf(engine: SimEngine, sym: string): Quote {
  if (!engine.knows(sym)) {
    throw new InvalidOrderError(`Invalid symbol: symbol: unknown symbol ${sym} (the price source has no price for it)`, { field: 'symbol', broker: 'sim', outcome: 'rejected' });
  }
  const book = engine.book(sym);
  if (!book.hasQuote) {
    throw new BrokerError(`No quote for ${sym} yet (the price source has none before ${isoTime(engine.time)})`, { broker: 'sim', retryable: true });
  }
  const q = book.quote();
  return withQuoteSides<Quote>({ symbol: sym, timestamp: isoTime(q.time) }, q);
}
