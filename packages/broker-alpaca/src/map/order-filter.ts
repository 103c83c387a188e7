import type { HttpQuery, OrderFilter } from '@invest/broker-core';

/** Alpaca returns at most this many orders per `GET /v2/orders`. */
export const ALPACA_ORDER_PAGE = 500;

/**
 * A parsed core order filter -> the query of `GET /v2/orders`: newest first, legs nested under
 * their parent, `until` set for the pages after the first.
 *
 * Example of the raw query built:
 * ```
 * status=open&limit=500&direction=desc&nested=true&symbols=AAPL,MSFT&side=buy
 * ```
 *
 * @example
 * ```ts
 * toAlpacaOrderQuery({ status: 'open', symbols: ['AAPL'] }, 500) // { status: 'open', limit: 500, direction: 'desc', nested: true, symbols: 'AAPL' }
 * ```
 */
export function toAlpacaOrderQuery(filter: OrderFilter, limit: number, until?: string): HttpQuery {
  return {
    status: filter.status,
    limit,
    direction: 'desc',
    nested: true,
    symbols: filter.symbols && filter.symbols.length > 0 ? filter.symbols.map((s) => s.toUpperCase()).join(',') : undefined,
    side: filter.side,
    after: filter.after,
    until: until ?? filter.until,
  };
}
