import {
  NotFoundError,
  submitWithRecovery,
  type Clock,
  type Logger,
  type Order,
  type OrderReplace,
  type OrderRequest,
  type ParsedOrderRequest,
  type RecoveryOptions,
} from '@invest/broker-core';
import { assertAlpacaRules } from '../capabilities.ts';
import type { AlpacaHttp } from '../http/client.ts';
import { isDuplicateClientOrderId } from '../http/error-map.ts';
import { toAlpacaOrderBody, toAlpacaReplaceBody } from '../map/order-body.ts';
import { toCoreOrder } from '../map/order.ts';
import { AlpacaOrderSchema } from '../schemas/order.ts';
import { TUNING_DEFAULTS, type AlpacaTuning } from '../tuning.ts';

/** What order entry needs from the adapter: the clients and the recovery timings. */
export interface OrderEntry {
  http: AlpacaHttp;
  tuning: AlpacaTuning;
  clock: Clock;
  logger: Logger;
}

/**
 * Places a new order (`POST /v2/orders`) on core's `submitWithRecovery`: sent once; a lost answer
 * is looked up by client order id (never resent); "client_order_id must be unique" is proof the
 * order landed and is looked up at once; a 429 is resent with the same client order id. Alpaca's
 * own rules (price increments, advanced-order limits) are checked before anything is sent.
 *
 * @example
 * ```ts
 * const order = await submitAlpacaOrder(entry, parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1 }))
 * ```
 */
export function submitAlpacaOrder(entry: OrderEntry, req: ParsedOrderRequest): Promise<Order> {
  assertAlpacaRules(req);
  const json = toAlpacaOrderBody(req);
  const { clientOrderId } = req;
  return submitWithRecovery(
    {
      send: async () => toCoreOrder((await entry.http.trading.submitOrder('POST', '/v2/orders', { json, schema: AlpacaOrderSchema, clientOrderId })).data),
      find: () => findOnce(entry.http, clientOrderId),
      match: describesRequest(req),
      landed: isDuplicateClientOrderId,
    },
    recoveryOptions(entry, clientOrderId),
  );
}

/**
 * Replaces a working order (`PATCH /v2/orders/{id}`) on `submitWithRecovery`, like a new order:
 * the replacement carries its own client order id, and a looked-up order is taken only when it
 * `replaces` this one. `current` is the order as known, for a trailing stop's other trail field.
 *
 * @example
 * ```ts
 * const next = await replaceAlpacaOrder(entry, orderId, { limitPrice: 101 }, 'inv-...', undefined)
 * ```
 */
export function replaceAlpacaOrder(entry: OrderEntry, orderId: string, changes: OrderReplace, clientOrderId: string, current: Order | undefined): Promise<Order> {
  const json = toAlpacaReplaceBody(changes, clientOrderId, current);
  return submitWithRecovery(
    {
      send: async () => toCoreOrder((await entry.http.trading.submitOrder('PATCH', `/v2/orders/${orderId}`, { json, schema: AlpacaOrderSchema, clientOrderId })).data),
      find: () => findOnce(entry.http, clientOrderId),
      match: (order) => order.replaces === orderId,
      landed: isDuplicateClientOrderId,
    },
    recoveryOptions(entry, clientOrderId),
  );
}

/**
 * The order a request describes: same symbol, side, type and size (a reused client order id
 * names another order).
 *
 * @example
 * ```ts
 * describesRequest(req)(found) // false when `found` is another order under the same client order id
 * ```
 */
export function describesRequest(req: OrderRequest): (order: Order) => boolean {
  return (order) =>
    order.symbol.toUpperCase() === req.symbol &&
    order.side === req.side &&
    order.type === req.type &&
    (req.quantity === undefined || order.quantity === undefined || Math.abs(order.quantity - req.quantity) < 1e-9) &&
    (req.notional === undefined || order.notional === undefined || Math.abs(order.notional - req.notional) < 1e-9);
}

/** One lookup by client order id, one request: the recovery loop owns the budget. 404 is "none". */
async function findOnce(http: AlpacaHttp, clientOrderId: string): Promise<Order | undefined> {
  try {
    // One request: the recovery loop's budget counts every lookup, so none retries on its own.
    const { data } = await http.trading.get('/v2/orders:by_client_order_id', { query: { client_order_id: clientOrderId }, schema: AlpacaOrderSchema, retry: 0 });
    return toCoreOrder(data);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

function recoveryOptions(entry: OrderEntry, clientOrderId: string): RecoveryOptions {
  const lookup = entry.tuning.lookup ?? TUNING_DEFAULTS.lookup;
  const resend = entry.tuning.rateLimitRetry ?? TUNING_DEFAULTS.rateLimitRetry;
  return {
    broker: 'alpaca',
    clientOrderId,
    lookups: lookup.attempts,
    delayMs: lookup.delayMs,
    rateLimitResends: resend.attempts,
    rateLimitBackoffMs: resend.backoffMs,
    maxRateLimitWaitMs: resend.maxWaitMs,
    clock: entry.clock,
    logger: entry.logger,
  };
}
