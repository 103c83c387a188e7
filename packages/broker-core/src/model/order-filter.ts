import { isTerminalStatus } from '../lifecycle/transitions.ts';
import type { Order, OrderFilter } from './order.ts';

/**
 * Whether an order is one `listOrders(filter)` selects: open (not terminal) or closed as asked,
 * one of `symbols` (upper-cased by the schema), on `side`, created after `after` (exclusive) and
 * at or before `until`. `limit` and the order of the list are the caller's.
 *
 * @example
 * ```ts
 * orders.filter((o) => orderMatchesFilter(o, OrderFilterSchema.parse({ status: 'open', symbols: ['aapl'] })))
 * ```
 */
export function orderMatchesFilter(order: Order, filter: OrderFilter): boolean {
  if (filter.status === 'open' && isTerminalStatus(order.status)) return false;
  if (filter.status === 'closed' && !isTerminalStatus(order.status)) return false;
  if (filter.symbols !== undefined && !filter.symbols.includes(order.symbol)) return false;
  if (filter.side !== undefined && order.side !== filter.side) return false;
  if (filter.after === undefined && filter.until === undefined) return true;
  const created = Date.parse(order.createdAt);
  return (filter.after === undefined || created > Date.parse(filter.after)) && (filter.until === undefined || created <= Date.parse(filter.until));
}
