import { BrokerProtocolError, type Order, type OrderRequest } from '@invest/broker-core';

/** How far apart two prices or sizes may be and still be the same (they are exact decimals on both sides). */
const EPSILON = 1e-9;
const same = (a: number | undefined, b: number | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && Math.abs(a - b) < EPSILON);

/**
 * Whether `order` is what `req` asked for: symbol, side, type, class, quantity and every price
 * the request names. The brokers keep no client order id, so this is how a lost order is recognised.
 *
 * @example
 * ```ts
 * describesOrderRequest(req)(order) // true for the order `req` placed (or its twin)
 * ```
 */
export function describesOrderRequest(req: OrderRequest): (order: Order) => boolean {
  return (order) =>
    order.symbol === req.symbol &&
    order.side === req.side &&
    order.type === req.type &&
    order.orderClass === req.orderClass &&
    same(order.quantity, req.quantity) &&
    (req.type !== 'limit' && req.type !== 'stop_limit' ? true : same(order.limitPrice, req.limitPrice)) &&
    (req.type !== 'stop' && req.type !== 'stop_limit' ? true : same(order.stopPrice, req.stopPrice)) &&
    same(order.trailPrice, req.type === 'trailing_stop' ? req.trailPrice : undefined) &&
    same(order.trailPercent, req.type === 'trailing_stop' ? req.trailPercent : undefined);
}

/** Which recent orders may be the one sent, besides looking like it. */
export interface RecentWindow {
  /** When the order was sent (epoch ms). */
  sentAt: number;
  /** How much earlier than `sentAt` an entered time may read (the broker's clock against ours). */
  skewMs: number;
  /** Ids of orders known to be others (placed and identified by this process before). */
  known?: ReadonlySet<string>;
}

/**
 * The one recent order that is `req`'s: entered no earlier than the window, not one this process
 * already knows, and matching every field of the request. `undefined` when none matches; a
 * `BrokerProtocolError` when more than one does, because guessing could report another order as
 * this one (the recovery loop then ends with `UnknownOutcomeError`; nothing is sent again).
 *
 * @example
 * ```ts
 * const order = pickRecentOrder(await listRecent(), req, { sentAt, skewMs: 60_000, known }, 'schwab')
 * ```
 */
export function pickRecentOrder(orders: readonly Order[], req: OrderRequest, window: RecentWindow, broker: string): Order | undefined {
  const describes = describesOrderRequest(req);
  const from = window.sentAt - window.skewMs;
  const candidates = orders.filter((o) => !window.known?.has(o.id) && Date.parse(o.createdAt) >= from && describes(o));
  if (candidates.length > 1) {
    throw new BrokerProtocolError(
      `${broker}: ${candidates.length} recent orders (${candidates.map((o) => o.id).join(', ')}) match the ${req.side} ${req.quantity} ${req.symbol} ${req.type} whose answer was lost; cannot tell which is it`,
      { broker },
    );
  }
  return candidates[0];
}
