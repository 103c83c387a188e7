import { orderMatchesFilter, type Order, type OrderFilter } from '@invest/broker-core';

/**
 * Applies the filter exactly (`orderMatchesFilter`: the endpoint takes only a date window and a
 * status), newest first, at most `filter.limit`.
 *
 * @example
 * ```ts
 * filterOrders(orders, OrderFilterSchema.parse({ status: 'open', side: 'buy' }))
 * ```
 */
export function filterOrders(orders: readonly Order[], filter: OrderFilter): Order[] {
  const out = orders.filter((o) => orderMatchesFilter(o, filter));
  out.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return filter.limit !== undefined ? out.slice(0, filter.limit) : out;
}
