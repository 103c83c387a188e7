import {
  BrokerError,
  BrokerProtocolError,
  isBrokerError,
  submitWithRecovery,
  type Clock,
  type HttpClient,
  type Logger,
  type Order,
  type OrderPreview,
  type OrderRequest,
  type RecoveryOptions,
} from '@invest/broker-core';
import { assertEtradeRules } from '../capabilities.ts';
import { ETRADE_JSON_HEADERS } from '../http/client.ts';
import { isDuplicateClientOrderId } from '../http/error-map.ts';
import { toPlaceRequest, toPreviewRequest } from '../map/order-body.ts';
import { toCoreOrder } from '../map/order.ts';
import type { EtradePreviewRequest } from '../schemas/order-body.ts';
import { EtradePlaceResponseSchema, EtradePreviewResponseSchema, type EtradePreviewResponse } from '../schemas/order.ts';
import { EtradeMessagesSchema } from '../schemas/primitives.ts';
import { TUNING_DEFAULTS, type EtradeTuning } from '../tuning.ts';
import { etradeClientOrderId } from './client-order-id.ts';
import { lookUpPlaced } from './lookup.ts';
import { nothingPlaced } from './nothing-placed.ts';
import type { PlacedLog } from './placed-log.ts';

/** What order entry needs from the adapter. */
export interface OrderEntry {
  http: HttpClient;
  /** Where places are recorded before they are sent (see `PlacedLog`). */
  log: PlacedLog;
  accountPath: string;
  tuning: EtradeTuning;
  clock: Clock;
  logger: Logger;
}

/** A preview: the body sent, E*TRADE's answer, and the preview id a place must repeat. */
export interface EtradePreview extends OrderPreview {
  /** The preview request as sent; the place repeats it with the preview's id. */
  request: EtradePreviewRequest;
  response: EtradePreviewResponse;
  previewId: number;
}

/** Where a new order or a change of order `orderId` is previewed and placed, and with which method. */
interface Route {
  method: 'POST' | 'PUT';
  preview: string;
  place: string;
  /** For a change: the order it replaces. */
  replaces?: string;
}

const newOrder = (accountPath: string): Route => ({ method: 'POST', preview: `${accountPath}/orders/preview`, place: `${accountPath}/orders/place` });
const change = (accountPath: string, orderId: string): Route => ({
  method: 'PUT',
  preview: `${accountPath}/orders/${orderId}/change/preview`,
  place: `${accountPath}/orders/${orderId}/change/place`,
  replaces: orderId,
});

async function preview(entry: OrderEntry, route: Route, req: OrderRequest): Promise<EtradePreview> {
  assertEtradeRules(req);
  const request = toPreviewRequest(req, etradeClientOrderId(req.clientOrderId));
  const options = { json: request, schema: EtradePreviewResponseSchema, headers: ETRADE_JSON_HEADERS };
  // A preview places nothing: sent once like any write, and safe to repeat by hand.
  let answer;
  try {
    answer = route.method === 'POST' ? await entry.http.post(route.preview, options) : await entry.http.put(route.preview, options);
  } catch (error) {
    throw nothingPlaced(error);
  }
  const { data } = answer;
  const response = data.PreviewOrderResponse;
  const previewId = Number(response.PreviewIds[0]?.previewId);
  if (!Number.isSafeInteger(previewId) || previewId <= 0) {
    throw new BrokerProtocolError(`etrade: the preview answer has no usable previewId (the order was not placed)`, { broker: 'etrade', outcome: 'denied' });
  }
  // E*TRADE refuses an order it would not take with an error answer (thrown above): an answer
  // with a preview id is a yes, and the messages riding on its orders are what it has to say.
  return { accepted: true, rejects: [], warnings: previewMessages(response), request, response, previewId };
}

/** The `messages` of a preview answer's orders (v1-facts §5.3), as text. */
function previewMessages(response: EtradePreviewResponse): string[] {
  return response.Order.flatMap((order) => {
    const parsed = EtradeMessagesSchema.safeParse((order as { messages?: unknown }).messages);
    const list = parsed.success ? (parsed.data.Message ?? []) : [];
    return list.map((m) => [m.type, m.code, m.description].filter((x) => x !== undefined).join(' '));
  });
}

/**
 * Previews a new order (`POST .../orders/preview`) without placing it: the dry run. E*TRADE's rules
 * are checked first (`InvalidOrderError`, nothing sent).
 *
 * @example
 * ```ts
 * const { previewId, response } = await previewEtradeOrder(entry, req)
 * ```
 */
export function previewEtradeOrder(entry: OrderEntry, req: OrderRequest): Promise<EtradePreview> {
  return preview(entry, newOrder(entry.accountPath), req);
}

/**
 * Previews then places: the place body is the preview body plus its `PreviewIds`, nothing else
 * (v1-facts §5.6). The place runs on core's `submitWithRecovery`: sent once; a lost answer is
 * looked up in the recent orders by client order id or preview id, never resent; an answer saying
 * the client order id was used is proof the order landed and is looked up at once.
 *
 * @example
 * ```ts
 * const order = await placeEtradeOrder(entry, req)
 * ```
 */
export async function placeEtradeOrder(entry: OrderEntry, req: OrderRequest): Promise<Order> {
  return previewThenPlace(entry, newOrder(entry.accountPath), req);
}

/**
 * Changes a working order: preview change then place change (`PUT .../orders/{id}/change/...`);
 * `req` is the whole order as it should be, with its own client order id.
 *
 * @example
 * ```ts
 * const next = await changeEtradeOrder(entry, '676', changedRequest(current, { limitPrice: 101 }))
 * ```
 */
export async function changeEtradeOrder(entry: OrderEntry, orderId: string, req: OrderRequest): Promise<Order> {
  return previewThenPlace(entry, change(entry.accountPath, orderId), req);
}

async function previewThenPlace(entry: OrderEntry, route: Route, req: OrderRequest): Promise<Order> {
  const previewed = await preview(entry, route, req);
  const json = toPlaceRequest(previewed.request, previewed.previewId);
  const mark = { clientOrderId: json.PlaceOrderRequest.clientOrderId, previewId: String(previewed.previewId) };
  const context = (orderId: string, placedTime?: number) => ({ orderId, clientOrderId: req.clientOrderId, now: placedTime ?? entry.clock.now() });
  const withLink = (order: Order): Order => (route.replaces !== undefined && order.replaces === undefined ? { ...order, replaces: route.replaces } : order);
  try {
    await entry.log.record({ clientOrderId: req.clientOrderId, sent: mark.clientOrderId, previewId: mark.previewId });
  } catch (cause) {
    throw new BrokerError(`etrade: the place could not be recorded in ${entry.log.path ?? 'the placed log'} before sending it; the order was not placed`, { broker: 'etrade', outcome: 'denied', cause });
  }
  const order = await submitWithRecovery(
    {
      send: async () => {
        const { data } = await entry.http.submitOrder(route.method, route.place, { json, schema: EtradePlaceResponseSchema, headers: ETRADE_JSON_HEADERS, clientOrderId: req.clientOrderId });
        const placed = data.PlaceOrderResponse;
        const orderId = placed.OrderIds[0]?.orderId ?? placed.orderId;
        const detail = placed.Order[0];
        if (orderId === undefined || detail === undefined) throw new BrokerProtocolError('etrade: the place answer has no order id', { broker: 'etrade' });
        return withLink(toCoreOrder({ placedTime: placed.placedTime, ...detail }, context(orderId, placed.placedTime)));
      },
      find: async () => {
        const found = await lookUpPlaced(entry.http, entry.accountPath, mark);
        return found && withLink(toCoreOrder(found.detail, context(found.order.orderId)));
      },
      match: (order) => (route.replaces === undefined || order.replaces === route.replaces) && describesRequest(req, order),
      landed: (error) => isBrokerError(error) && isDuplicateClientOrderId(error),
    },
    recoveryOptions(entry, req.clientOrderId),
  );
  // The order stands whatever happens to this line: a failure to write it is logged, not thrown.
  await entry.log.record({ clientOrderId: req.clientOrderId, sent: mark.clientOrderId, previewId: mark.previewId, orderId: order.id }).catch((error: unknown) => {
    entry.logger.warn('etrade: the placed order could not be recorded in the placed log', { orderId: order.id, error: error instanceof Error ? error.message : String(error) });
  });
  return order;
}

function recoveryOptions(entry: OrderEntry, clientOrderId: string): RecoveryOptions {
  const lookup = entry.tuning.lookup ?? TUNING_DEFAULTS.lookup;
  return { broker: 'etrade', clientOrderId, lookups: lookup.attempts, delayMs: lookup.delayMs, clock: entry.clock, logger: entry.logger };
}

/**
 * Whether a found order is the one a request describes: same symbol, side, type and quantity (an
 * order found under a reused client order id may be another one).
 *
 * @example
 * ```ts
 * describesRequest(req, found) // false for another order under the same client order id
 * ```
 */
export function describesRequest(req: OrderRequest, order: Order): boolean {
  return order.symbol === req.symbol && order.side === req.side && order.type === req.type && (order.quantity === undefined || order.quantity === req.quantity);
}
