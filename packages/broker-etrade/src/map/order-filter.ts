import type { OrderFilter } from '@invest/broker-core';
import type { HttpQuery } from '@invest/broker-core';
import { wallClock } from '@invest/broker-core';

/** `MMDDYYYY` in US Eastern, E*TRADE's date format for order lists (v1-facts §5.2). */
function etradeDate(iso: string): string {
  const d = wallClock(Date.parse(iso), 'America/New_York');
  return `${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}${d.year}`;
}

/**
 * The list-orders query for a core filter: `status=OPEN` for open orders (E*TRADE has no single
 * "closed" status, so closed orders are filtered after reading), symbols comma-separated (at most
 * 25), dates as `fromDate`/`toDate` (both or neither), `count` at most 100.
 *
 * @example
 * ```ts
 * toOrderQuery({ status: 'open', symbols: ['AAPL'] }, Date.now()) // { status: 'OPEN', symbol: 'AAPL', count: 100 }
 * ```
 */
export function toOrderQuery(filter: OrderFilter, now: number): Record<string, string | number> {
  const query: Record<string, string | number> = { count: Math.min(filter.limit ?? 100, 100) };
  if (filter.status === 'open') query.status = 'OPEN';
  if (filter.symbols && filter.symbols.length > 0 && filter.symbols.length <= 25) query.symbol = filter.symbols.join(',');
  if (filter.after !== undefined || filter.until !== undefined) {
    query.fromDate = etradeDate(filter.after ?? new Date(now - 730 * 86_400_000).toISOString());
    query.toDate = etradeDate(filter.until ?? new Date(now).toISOString());
  }
  return query satisfies HttpQuery;
}
