import { BrokerError, InvalidOrderError, type Order, type OrderFilter, type Quote } from '@invest/broker-core';
import type { SimEngine } from '../engine/engine.ts';
import { isOpenStatus } from '../engine/sim-order.ts';
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
  const symbols = f.symbols ? new Set(f.symbols.map((s) => s.toUpperCase())) : undefined;
  const after = f.after === undefined ? undefined : Date.parse(f.after);
  const until = f.until === undefined ? undefined : Date.parse(f.until);
  const out: Order[] = [];
  const all = [...engine.orders.values()].sort((a, b) => b.seq - a.seq);
  for (const o of all) {
    const open = isOpenStatus(o.order.status);
    if ((f.status === 'open' && !open) || (f.status === 'closed' && open)) continue;
    if (symbols && !symbols.has(o.order.symbol)) continue;
    if (f.side && o.order.side !== f.side) continue;
    const created = Date.parse(o.order.createdAt);
    if ((after !== undefined && created <= after) || (until !== undefined && created > until)) continue;
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
