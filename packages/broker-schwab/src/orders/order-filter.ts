import { isTerminalStatus, type Order, type OrderFilter } from '@invest/broker-core';

/**
 * Applies what the orders endpoint cannot filter by (open / closed, symbols, side), newest first,
 * at most `filter.limit`.
 *
 * @example
 * ```ts
 * filterOrders(orders, OrderFilterSchema.parse({ status: 'open', side: 'buy' }))
 * ```
 */
export function filterOrders(orders: readonly Order[], filter: OrderFilter): Order[] {
  const symbols = filter.symbols ? new Set(filter.symbols.map((s) => s.toUpperCase())) : undefined;
  const out = orders.filter((o) => {
    if (filter.status === 'open' && isTerminalStatus(o.status)) return false;
    if (filter.status === 'closed' && !isTerminalStatus(o.status)) return false;
    if (symbols && !symbols.has(o.symbol)) return false;
    return filter.side === undefined || o.side === filter.side;
  });
  out.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return filter.limit !== undefined ? out.slice(0, filter.limit) : out;
}
