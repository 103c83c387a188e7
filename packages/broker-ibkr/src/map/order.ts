import type { Order, OrderClass, OrderType, TimeInForce } from '@invest/broker-core';
import type { IbExecution } from '../schemas/execution.ts';
import type { IbCompletedOrder, IbOpenOrder } from '../schemas/open-order.ts';
import { ibTimeToIso } from './timestamp.ts';
import type { IbOrderStatusName } from '../schemas/order-status.ts';
import { toCoreStatus } from './status.ts';

/** IB `orderType` -> core type. Types outside it (MOC, REL, algos...) are not mapped. */
export const IBKR_CORE_TYPES: Readonly<Record<string, OrderType>> = {
  MKT: 'market',
  LMT: 'limit',
  STP: 'stop',
  'STP LMT': 'stop_limit',
  TRAIL: 'trailing_stop',
};

/** IB `tif` -> core time in force; GTD reads as gtc (it works until a date), others as day. */
export const IBKR_CORE_TIF: Readonly<Record<string, TimeInForce>> = {
  DAY: 'day',
  GTC: 'gtc',
  IOC: 'ioc',
  FOK: 'fok',
  OPG: 'opg',
  GTD: 'gtc',
};

/**
 * How an order hangs together with others: its class and its parent (a bracket leg's IB parent,
 * or for an OCO the take-profit the stop is linked to).
 */
export interface OrderLink {
  orderClass: OrderClass;
  parentId?: string;
}

/** The OCA group name the adapter gives an OCO: `oco-<id of its take-profit>`. */
export const OCO_GROUP_PREFIX = 'oco-';

/**
 * An order's link read from TWS's own fields, for orders this instance did not place: a parent id
 * makes a bracket leg, an `oco-<id>` OCA group an OCO (the order with that id is its root).
 *
 * @example
 * ```ts
 * linkOf({ orderId: 12, order: { parentId: 11 } }) // { orderClass: 'bracket', parentId: '11' }
 * ```
 */
export function linkOf(raw: { orderId: number; order: { parentId?: number | undefined; ocaGroup?: string | undefined } }): OrderLink {
  const parent = raw.order.parentId;
  if (parent !== undefined && parent > 0) return { orderClass: 'bracket', parentId: String(parent) };
  const group = raw.order.ocaGroup ?? '';
  if (group.startsWith(OCO_GROUP_PREFIX)) {
    const root = group.slice(OCO_GROUP_PREFIX.length);
    return root === String(raw.orderId) ? { orderClass: 'oco' } : { orderClass: 'oco', parentId: root };
  }
  return { orderClass: 'simple' };
}

/** What the adapter knows of an order's progress besides its openOrder. */
export interface IbProgress {
  status?: IbOrderStatusName;
  filled?: number;
  avgFillPrice?: number;
}

/**
 * A core order from an openOrder (the description) and the progress known (orderStatus, the
 * executions). Undefined for order types the core model has no word for (left to TWS). `raw` is
 * the message as the library gave it (`original`), every field included.
 *
 * Raw example: see `IbOpenOrderSchema`. Maps to `{ id: '7', clientOrderId: 'inv-7f3a',
 * symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: 150, status: 'new', ... }`.
 *
 * @example
 * ```ts
 * toCoreOrder(openOrder, { status: 'Submitted', filled: 0 }, now)?.status // 'new'
 * ```
 */
export function toCoreOrder(raw: IbOpenOrder, progress: IbProgress, now: string, link: OrderLink = linkOf(raw), original: unknown = raw): Order | undefined {
  const o = raw.order;
  const type = IBKR_CORE_TYPES[o.orderType];
  if (type === undefined) return undefined;
  const status = progress.status ?? raw.orderState.status ?? 'Submitted';
  const filled = progress.filled ?? 0;
  const order: Order = {
    id: String(raw.orderId),
    clientOrderId: o.orderRef && o.orderRef !== '' ? o.orderRef : `ib-${o.permId ?? raw.orderId}`,
    symbol: raw.contract.symbol.toUpperCase(),
    side: o.action === 'BUY' ? 'buy' : 'sell',
    type,
    timeInForce: IBKR_CORE_TIF[o.tif ?? 'DAY'] ?? 'day',
    orderClass: link.orderClass,
    status: toCoreStatus(status, filled, (o.parentId ?? 0) > 0),
    filledQuantity: filled,
    extendedHours: o.outsideRth ?? false,
    createdAt: now,
    updatedAt: now,
    raw: original,
  };
  if (o.totalQuantity > 0) order.quantity = o.totalQuantity;
  if (progress.avgFillPrice !== undefined && progress.avgFillPrice > 0 && filled > 0) order.averageFillPrice = progress.avgFillPrice;
  if ((type === 'limit' || type === 'stop_limit') && o.lmtPrice !== undefined) order.limitPrice = o.lmtPrice;
  if ((type === 'stop' || type === 'stop_limit') && o.auxPrice !== undefined) order.stopPrice = o.auxPrice;
  if (type === 'trailing_stop') {
    if (o.trailingPercent !== undefined) order.trailPercent = o.trailingPercent;
    else if (o.auxPrice !== undefined) order.trailPrice = o.auxPrice;
  }
  if (link.parentId !== undefined) order.parentId = link.parentId;
  return order;
}

/**
 * A core order from a completedOrder, given the order id the adapter knows it by (completed
 * orders carry none): how it ended and what filled. Undefined for a status or type the core model
 * has no word for.
 *
 * @example
 * ```ts
 * toCoreCompletedOrder(completed, 12, now)?.status // 'canceled'
 * ```
 */
export function toCoreCompletedOrder(c: IbCompletedOrder, orderId: number, now: string, link?: OrderLink): Order | undefined {
  const status = c.orderState.status;
  if (status === undefined) return undefined;
  const raw: IbOpenOrder = { orderId, contract: c.contract, order: c.order, orderState: c.orderState };
  return toCoreOrder(raw, { status, filled: c.order.filledQuantity ?? 0 }, now, link ?? linkOf(raw), c);
}

/**
 * An order known only from its executions (its answer was lost and it is no longer open): filled
 * as far as the last execution shows, at its average price. Its type is not in executions; it is
 * reported as market.
 *
 * @example
 * ```ts
 * toCoreOrderFromExecutions('inv-7', 'AAPL', executions).status // 'filled'
 * ```
 */
export function toCoreOrderFromExecutions(clientOrderId: string, symbol: string, executions: readonly IbExecution[]): Order {
  const e = executions.reduce((a, b) => ((b.cumQty ?? 0) >= (a.cumQty ?? 0) ? b : a));
  const at = ibTimeToIso(e.time);
  const filled = e.cumQty ?? e.shares;
  const order: Order = {
    id: String(e.orderId), clientOrderId, symbol: symbol.toUpperCase(), side: e.side === 'BOT' ? 'buy' : 'sell', type: 'market',
    timeInForce: 'day', orderClass: 'simple', status: 'filled', quantity: filled, filledQuantity: filled,
    extendedHours: false, createdAt: at, updatedAt: at, filledAt: at, raw: executions,
  };
  if (e.avgPrice) order.averageFillPrice = e.avgPrice;
  return order;
}
