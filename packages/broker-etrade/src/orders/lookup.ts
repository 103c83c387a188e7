import type { HttpClient, HttpQuery } from '@invest/broker-core';
import { ETRADE_JSON_HEADERS } from '../http/client.ts';
import { EtradeOrdersResponseSchema, type EtradeOrder, type EtradeOrderDetail } from '../schemas/order.ts';

/** Orders a lookup reads: one page of the most recent (E*TRADE lists newest first). */
const RECENT = 50;

/** How a placed order is recognised in a list: E*TRADE does not document echoing the client order id. */
export interface PlacedMark {
  /** The `clientOrderId` E*TRADE was sent, matched where an answer carries it. */
  clientOrderId: string;
  /** The preview the place repeated: an order detail carries its `previewId` (v1-facts §5.3). */
  previewId: string;
}

/**
 * Reads one page of orders (`GET /v1/accounts/{k}/orders`). An empty answer (204) is no orders.
 *
 * @example
 * ```ts
 * const orders = await readOrders(http, accountPath, { count: 50 }, { retry: 0 })
 * ```
 */
export async function readOrders(http: HttpClient, accountPath: string, query: HttpQuery, options: { retry?: number } = {}): Promise<{ orders: EtradeOrder[]; marker?: string }> {
  const { data } = await http.get(`${accountPath}/orders`, { schema: EtradeOrdersResponseSchema, query, headers: ETRADE_JSON_HEADERS, ...options });
  const response = data?.OrdersResponse;
  const marker = response?.next !== undefined && response.marker !== undefined ? String(response.marker) : undefined;
  return { orders: response?.Order ?? [], ...(marker !== undefined ? { marker } : {}) };
}

/**
 * The order in `orders` that a place made: its detail names the client order id or the preview id.
 *
 * @example
 * ```ts
 * findPlaced(orders, { clientOrderId: 'H3k...', previewId: '266606056106' })
 * ```
 */
export function findPlaced(orders: readonly EtradeOrder[], mark: PlacedMark): { order: EtradeOrder; detail: EtradeOrderDetail } | undefined {
  for (const order of orders) {
    for (const detail of order.OrderDetail) {
      if (detail.clientOrderId === mark.clientOrderId || detail.previewId === mark.previewId) return { order, detail };
    }
  }
  return undefined;
}

/**
 * One lookup for a placed order: one request for the recent orders, no retries (the recovery loop
 * owns the budget).
 *
 * @example
 * ```ts
 * const found = await lookUpPlaced(http, accountPath, mark)
 * ```
 */
export async function lookUpPlaced(http: HttpClient, accountPath: string, mark: PlacedMark): Promise<{ order: EtradeOrder; detail: EtradeOrderDetail } | undefined> {
  const { orders } = await readOrders(http, accountPath, { count: RECENT }, { retry: 0 });
  return findPlaced(orders, mark);
}
