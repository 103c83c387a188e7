import { BrokerProtocolError, Decimal, type Order, type OrderClass, type OrderSide, type OrderStatus, type OrderType, type TimeInForce } from '@invest/broker-core';
import type { OrderJson, OrderJsonDuration, OrderJsonStatus, OrderJsonType } from './schema.ts';

/**
 * Schwab / TD status -> core status. Statuses before an order works (queued, in review, awaiting
 * acknowledgement) read as `accepted`: the broker answered 201, so it has the order. `by-fills` marks statuses that say "working" where the core
 * status follows the fills (`new`, `partially_filled`).
 */
export const ORDER_JSON_STATUS: Readonly<Record<OrderJsonStatus, OrderStatus | 'by-fills'>> = {
  AWAITING_PARENT_ORDER: 'held',
  AWAITING_CONDITION: 'held',
  AWAITING_STOP_CONDITION: 'held',
  AWAITING_MANUAL_REVIEW: 'accepted',
  ACCEPTED: 'accepted',
  AWAITING_UR_OUT: 'accepted',
  PENDING_ACTIVATION: 'accepted',
  QUEUED: 'accepted',
  WORKING: 'by-fills',
  REJECTED: 'rejected',
  PENDING_CANCEL: 'pending_cancel',
  CANCELED: 'canceled',
  PENDING_REPLACE: 'pending_replace',
  REPLACED: 'replaced',
  FILLED: 'filled',
  EXPIRED: 'expired',
  NEW: 'new',
  AWAITING_RELEASE_TIME: 'held',
  PENDING_ACKNOWLEDGEMENT: 'accepted',
  PENDING_RECALL: 'pending_cancel',
  UNKNOWN: 'by-fills',
};

const ORDER_TYPE: Readonly<Partial<Record<OrderJsonType, OrderType>>> = {
  MARKET: 'market',
  LIMIT: 'limit',
  STOP: 'stop',
  STOP_LIMIT: 'stop_limit',
  TRAILING_STOP: 'trailing_stop',
};

const DURATION: Readonly<Partial<Record<OrderJsonDuration, TimeInForce>>> = {
  DAY: 'day',
  GOOD_TILL_CANCEL: 'gtc',
  FILL_OR_KILL: 'fok',
  IMMEDIATE_OR_CANCEL: 'ioc',
};

const SELLS: ReadonlySet<string> = new Set(['SELL', 'SELL_SHORT', 'SELL_TO_OPEN', 'SELL_TO_CLOSE', 'SELL_SHORT_EXEMPT']);

/** How an order read back is told apart: who asks, and the client order id this process gave it. */
export interface FromOrderJsonOptions {
  /** Broker type, named in errors. */
  broker: string;
  /** The client order id this process gave the order with this id, if it placed it. */
  clientOrderIdOf?: (orderId: string) => string | undefined;
  parentId?: string;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

function iso(value: string | undefined, broker: string): string | undefined {
  if (value === undefined) return undefined;
  // Schwab writes `2024-03-29T14:30:00+0000`; Date reads that, and an offset without a colon too.
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) throw new BrokerProtocolError(`${broker}: ${JSON.stringify(value.slice(0, 40))} is not a timestamp`, { broker });
  return new Date(ms).toISOString();
}

/** The volume-weighted average of every execution leg, exactly (Decimal), or undefined before any fill. */
function averageFillPrice(raw: OrderJson): number | undefined {
  let quantity = Decimal.ZERO;
  let cost = Decimal.ZERO;
  for (const activity of raw.orderActivityCollection ?? []) {
    if (activity.activityType !== undefined && activity.activityType !== 'EXECUTION') continue;
    for (const leg of activity.executionLegs ?? []) {
      if (leg.price === undefined || leg.quantity === undefined || leg.quantity <= 0) continue;
      quantity = quantity.add(leg.quantity);
      cost = cost.add(Decimal.from(leg.price).mul(leg.quantity));
    }
  }
  return quantity.isZero() ? undefined : cost.div(quantity, 6).toNumber();
}

function orderClassOf(raw: OrderJson): OrderClass {
  if (raw.orderStrategyType === 'OCO') return 'oco';
  if (raw.orderStrategyType !== 'TRIGGER') return 'simple';
  const child = raw.childOrderStrategies?.[0];
  return child?.orderStrategyType === 'OCO' ? 'bracket' : 'oto';
}

/**
 * The order object of Schwab's Trader API (and TD Ameritrade's) -> core `Order`, child strategies
 * as legs (each with `parentId`). An OCO wrapper takes its symbol, side and size from its first
 * child. `clientOrderId` is the one this process gave the order (the brokers have none), else the
 * order id. `raw` keeps the broker's object.
 *
 * Example of the raw payload (`GET /accounts/{hash}/orders/{orderId}`, a working buy limit):
 * ```json
 * { "session": "NORMAL", "duration": "DAY", "orderType": "LIMIT", "complexOrderStrategyType": "NONE", "quantity": 10,
 *   "filledQuantity": 0, "remainingQuantity": 10, "price": 150.25, "orderStrategyType": "SINGLE", "orderId": 1000001234,
 *   "cancelable": true, "editable": true, "status": "WORKING", "enteredTime": "2024-03-29T14:30:00+0000", "accountNumber": 12345678,
 *   "orderLegCollection": [{ "orderLegType": "EQUITY", "legId": 1, "instrument": { "assetType": "EQUITY", "symbol": "AAPL" },
 *     "instruction": "BUY", "positionEffect": "OPENING", "quantity": 10 }] }
 * ```
 *
 * @example
 * ```ts
 * const order = fromOrderJson(OrderJsonSchema.parse(json), { broker: 'schwab' })
 * order.status // 'new'
 * ```
 */
export function fromOrderJson(raw: OrderJson, options: FromOrderJsonOptions): Order {
  const { broker } = options;
  const lead = raw.orderStrategyType === 'OCO' ? (raw.childOrderStrategies?.[0] ?? raw) : raw;
  const leg = lead.orderLegCollection?.[0];
  if (raw.orderId === undefined || !leg) throw new BrokerProtocolError(`${broker}: an order answer has no orderId or no leg`, { broker });
  const id = String(raw.orderId);
  const type = ORDER_TYPE[lead.orderType ?? 'UNKNOWN'];
  if (type === undefined) throw new BrokerProtocolError(`${broker}: order ${id} has type ${String(lead.orderType)}, which this adapter does not read`, { broker });
  const side: OrderSide = SELLS.has(leg.instruction) ? 'sell' : 'buy';
  const quantity = positive(lead.quantity ?? leg.quantity);
  // An OCO reads as its first member (the take-profit): its state is that order's.
  const filledQuantity = lead.filledQuantity ?? raw.filledQuantity ?? 0;
  const mapped = ORDER_JSON_STATUS[lead.status ?? raw.status ?? 'UNKNOWN'];
  const status: OrderStatus = mapped !== 'by-fills' ? mapped : filledQuantity <= 0 ? 'new' : quantity !== undefined && filledQuantity >= quantity ? 'filled' : 'partially_filled';
  const createdAt = iso(raw.enteredTime ?? lead.enteredTime, broker) ?? new Date(0).toISOString();
  const closedAt = iso(lead.closeTime ?? raw.closeTime, broker);
  const order: Order = {
    id,
    clientOrderId: options.clientOrderIdOf?.(id) ?? id,
    symbol: leg.instrument.symbol.toUpperCase(),
    side,
    type,
    timeInForce: DURATION[lead.duration ?? 'UNKNOWN'] ?? 'day',
    orderClass: orderClassOf(raw),
    status,
    filledQuantity,
    extendedHours: lead.session !== undefined && lead.session !== 'NORMAL',
    createdAt,
    updatedAt: closedAt ?? createdAt,
    submittedAt: createdAt,
    raw,
  };
  if (quantity !== undefined) order.quantity = quantity;
  const average = averageFillPrice(lead);
  if (average !== undefined && filledQuantity > 0) order.averageFillPrice = average;
  const price = positive(lead.price);
  if (price !== undefined && (type === 'limit' || type === 'stop_limit')) order.limitPrice = price;
  const stop = positive(lead.stopPrice);
  if (stop !== undefined && (type === 'stop' || type === 'stop_limit')) order.stopPrice = stop;
  if (type === 'trailing_stop') {
    const offset = positive(lead.stopPriceOffset);
    if (offset !== undefined && lead.stopPriceLinkType === 'PERCENT') order.trailPercent = offset;
    else if (offset !== undefined) order.trailPrice = offset;
  }
  if (status === 'filled' && closedAt !== undefined) order.filledAt = closedAt;
  if ((status === 'canceled' || status === 'replaced') && closedAt !== undefined) order.canceledAt = closedAt;
  if (options.parentId !== undefined) order.parentId = options.parentId;
  const children = raw.orderStrategyType === 'OCO' ? raw.childOrderStrategies?.slice(1) : flatten(raw.childOrderStrategies);
  if (children && children.length > 0) order.legs = children.map((child) => fromOrderJson(child, { ...options, parentId: id }));
  return order;
}

/** A TRIGGER's children, with an OCO child opened up into its two orders (the bracket's exits). */
function flatten(children: OrderJson[] | undefined): OrderJson[] | undefined {
  return children?.flatMap((child) => (child.orderStrategyType === 'OCO' ? (child.childOrderStrategies ?? []) : [child]));
}
