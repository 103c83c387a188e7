import { BrokerProtocolError, type Order, type OrderStatus, type OrderType, type TimeInForce } from '@invest/broker-core';
import type { EtradeOrderDetail, EtradeOrderStatus } from '../schemas/order.ts';

/** E*TRADE status -> core status (v1-facts §5.7). An OPEN order with fills is partially filled. */
export const ETRADE_STATUS: Readonly<Record<EtradeOrderStatus, OrderStatus>> = {
  OPEN: 'new',
  PARTIAL: 'partially_filled',
  INDIVIDUAL_FILLS: 'partially_filled',
  EXECUTED: 'filled',
  DONE_TRADE_EXECUTED: 'filled',
  CANCEL_REQUESTED: 'pending_cancel',
  CANCELLED: 'canceled',
  EXPIRED: 'expired',
  REJECTED: 'rejected',
  OPTION_EXERCISE: 'filled',
  OPTION_ASSIGNMENT: 'filled',
  DO_NOT_EXERCISE: 'canceled',
  INVALID: 'rejected',
};

/** E*TRADE price type -> core order type; the trigger and hidden variants keep their base type. */
const PRICE_TYPES: Readonly<Record<string, OrderType>> = {
  MARKET: 'market',
  MARKET_ON_OPEN: 'market',
  MARKET_ON_CLOSE: 'market',
  LIMIT: 'limit',
  LIMIT_ON_OPEN: 'limit',
  LIMIT_ON_CLOSE: 'limit',
  STOP: 'stop',
  HIDDEN_STOP: 'stop',
  STOP_LIMIT: 'stop_limit',
  TRAILING_STOP_CNST: 'trailing_stop',
  TRAILING_STOP_PRCT: 'trailing_stop',
  TRAILING_STOP_CNST_BY_LOWER_TRIGGER: 'trailing_stop',
  TRAILING_STOP_PRCT_BY_LOWER_TRIGGER: 'trailing_stop',
  UPPER_TRIGGER_BY_TRAILING_STOP_CNST: 'trailing_stop',
  UPPER_TRIGGER_BY_TRAILING_STOP_PRCT: 'trailing_stop',
};

const TERMS: Readonly<Record<string, TimeInForce>> = {
  GOOD_FOR_DAY: 'day',
  GOOD_UNTIL_CANCEL: 'gtc',
  GOOD_TILL_DATE: 'gtc',
  IMMEDIATE_OR_CANCEL: 'ioc',
  FILL_OR_KILL: 'fok',
};

/** What the caller knows that the answer does not say: E*TRADE never echoes the client order id. */
export interface OrderContext {
  /** The order id (from `Order.orderId` or `OrderIds`). */
  orderId: string;
  /** Core's client order id, where this process knows it; else `etrade-<orderId>`. */
  clientOrderId?: string | undefined;
  /** Epoch ms used when the answer carries no time. */
  now: number;
}

const positive = (value: number | undefined): number | undefined => (value !== undefined && value > 0 ? value : undefined);
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * An E*TRADE order detail as a core `Order`. `raw` keeps the detail. A raw example (a list answer,
 * v1-facts §5.3):
 *
 * ```json
 * { "placedTime": 1582571271171, "status": "OPEN", "orderTerm": "GOOD_FOR_DAY", "priceType": "STOP_LIMIT",
 *   "limitPrice": 1.34, "stopPrice": 1.36, "marketSession": "REGULAR",
 *   "Instrument": [{ "orderAction": "SELL", "quantityType": "QUANTITY", "orderedQuantity": 53, "filledQuantity": 0,
 *                    "Product": { "symbol": "COCP", "securityType": "EQ" } }] }
 * ```
 *
 * @example
 * ```ts
 * toCoreOrder(detail, { orderId: '676', clientOrderId: 'inv123', now: Date.now() }).status // 'new'
 * ```
 */
export function toCoreOrder(detail: EtradeOrderDetail, context: OrderContext): Order {
  const instrument = detail.Instrument[0];
  const type = PRICE_TYPES[detail.priceType];
  if (!instrument || !type) {
    throw new BrokerProtocolError(`etrade: order ${context.orderId} has ${instrument ? `price type ${detail.priceType}, which this adapter does not model` : 'no instrument'}`, { broker: 'etrade' });
  }
  const quantity = positive(instrument.quantity ?? instrument.orderedQuantity);
  let status: OrderStatus = detail.status === undefined ? 'new' : ETRADE_STATUS[detail.status];
  // A change cancels the old order and links the new one (v1-facts §5.6).
  if (status === 'canceled' && detail.replacedByOrderId !== undefined) status = 'replaced';
  const filled = instrument.filledQuantity ?? (status === 'filled' ? quantity ?? 0 : 0);
  if (status === 'new' && filled > 0) status = 'partially_filled';
  const created = detail.placedTime ?? detail.previewTime ?? context.now;
  const updated = Math.max(created, detail.executedTime ?? created);
  const order: Order = {
    id: context.orderId,
    clientOrderId: context.clientOrderId ?? detail.clientOrderId ?? `etrade-${context.orderId}`,
    symbol: instrument.Product.symbol.toUpperCase(),
    side: instrument.orderAction.startsWith('BUY') ? 'buy' : 'sell',
    type,
    timeInForce: TERMS[detail.orderTerm] ?? 'day',
    orderClass: 'simple',
    status,
    filledQuantity: filled,
    extendedHours: detail.marketSession === 'EXTENDED',
    createdAt: iso(created),
    updatedAt: iso(updated),
    raw: detail,
  };
  if (quantity !== undefined) order.quantity = quantity;
  const average = positive(instrument.averageExecutionPrice);
  if (average !== undefined && filled > 0) order.averageFillPrice = average;
  const limit = positive(detail.limitPrice ?? detail.stopLimitPrice);
  if (limit !== undefined && (type === 'limit' || type === 'stop_limit')) order.limitPrice = limit;
  const stop = positive(detail.stopPrice);
  if (stop !== undefined && (type === 'stop' || type === 'stop_limit')) order.stopPrice = stop;
  const offset = positive(detail.offsetValue);
  if (type === 'trailing_stop' && offset !== undefined) {
    if (detail.offsetType === 'TRAILING_STOP_PRCT' || detail.priceType.includes('PRCT')) order.trailPercent = offset;
    else order.trailPrice = offset;
  }
  if (detail.placedTime !== undefined) order.submittedAt = iso(detail.placedTime);
  if (status === 'filled' && detail.executedTime !== undefined) order.filledAt = iso(detail.executedTime);
  if (detail.replacesOrderId !== undefined) order.replaces = detail.replacesOrderId;
  return order;
}
