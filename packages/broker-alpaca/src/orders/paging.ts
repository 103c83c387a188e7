import type { OrderFilter } from '@invest/broker-core';
import type { AlpacaHttp } from '../http/client.ts';
import { ALPACA_ORDER_PAGE, toAlpacaOrderQuery } from '../map/order-filter.ts';
import { AlpacaOrderListSchema, type AlpacaOrder } from '../schemas/order.ts';

/**
 * Alpaca's orders matching `filter`, newest first, up to `filter.limit` (one page by default).
 * `GET /v2/orders` returns at most a page; the next page asks `until` the oldest order seen, and
 * orders on the boundary (same `submitted_at`) come back twice, so they are kept once by id.
 *
 * @example
 * ```ts
 * const open = await listAlpacaOrders(http, OrderFilterSchema.parse({ status: 'open', limit: 10_000 }))
 * ```
 */
export async function listAlpacaOrders(http: AlpacaHttp, filter: OrderFilter): Promise<AlpacaOrder[]> {
  const wanted = filter.limit ?? ALPACA_ORDER_PAGE;
  const out: AlpacaOrder[] = [];
  const seen = new Set<string>();
  let until: string | undefined;
  while (out.length < wanted) {
    const limit = Math.min(ALPACA_ORDER_PAGE, wanted - out.length);
    const { data } = await http.trading.get('/v2/orders', { query: toAlpacaOrderQuery(filter, limit, until), schema: AlpacaOrderListSchema });
    for (const order of data) {
      if (seen.has(order.id)) continue;
      seen.add(order.id);
      out.push(order);
    }
    const oldest = data.at(-1);
    if (data.length < limit || !oldest?.submitted_at || oldest.submitted_at === until) break;
    until = oldest.submitted_at;
  }
  return out;
}
