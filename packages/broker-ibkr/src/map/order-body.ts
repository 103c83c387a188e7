import { Decimal, type OrderReplace, type OrderRequest } from '@invest/broker-core';
import { OrderAction, OrderType, SecType, type Contract, type Order as IbOrder } from '@stoqey/ib';
import { IBKR_TIF } from '../capabilities.ts';
import { OCO_GROUP_PREFIX, type OrderLink } from './order.ts';

/** Core order type -> IB's `orderType`. */
export const IBKR_ORDER_TYPES = {
  market: OrderType.MKT,
  limit: OrderType.LMT,
  stop: OrderType.STP,
  stop_limit: OrderType.STP_LMT,
  trailing_stop: OrderType.TRAIL,
} as const;

/**
 * The contract of a US stock routed SMART, as every order and quote of the adapter uses it.
 *
 * @example
 * ```ts
 * stockContract('AAPL') // { symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }
 * ```
 */
export function stockContract(symbol: string): Contract {
  return { symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
}

/** Prices go out at most to 1e-6 (IB rejects finer ones with its own tick rules). */
function price(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  // The shortest text of a number names its decimals: within 6 places, the number itself.
  const text = String(value);
  const dot = text.indexOf('.');
  if (!text.includes('e') && (dot < 0 || text.length - dot - 1 <= 6)) return value;
  // More places, or an exponent (1e-7, 1e21): exactly, rounded to 6 places where needed.
  const exact = Decimal.from(value);
  return exact.scale <= 6 ? value : exact.round(6).toNumber();
}

/**
 * The IB order for a parsed request: the client order id in `orderRef` (the key the recovery
 * lookup searches), the account chosen at connect, `transmit` on, trailing stops by amount
 * (`auxPrice`) or percent (`trailingPercent`).
 *
 * @example
 * ```ts
 * toIbOrder(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 10, type: 'limit', limitPrice: 150 }), 'DU1234567')
 * // { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: 150, tif: 'DAY', orderRef: 'inv-...', account: 'DU1234567', transmit: true }
 * ```
 */
export function toIbOrder(req: OrderRequest, account: string): IbOrder {
  const order: IbOrder = {
    action: req.side === 'buy' ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: req.quantity,
    orderType: IBKR_ORDER_TYPES[req.type],
    tif: IBKR_TIF[req.timeInForce],
    account,
    transmit: true,
    outsideRth: req.extendedHours,
  };
  if (req.clientOrderId !== undefined) order.orderRef = req.clientOrderId;
  if (req.type === 'limit' || req.type === 'stop_limit') order.lmtPrice = price(req.limitPrice);
  if (req.type === 'stop' || req.type === 'stop_limit') order.auxPrice = price(req.stopPrice);
  if (req.type === 'trailing_stop') {
    if (req.trailPrice !== undefined) order.auxPrice = price(req.trailPrice);
    else order.trailingPercent = req.trailPercent;
  }
  return order;
}

/**
 * The IB order of a modify: the working order as TWS last described it with the changes applied
 * (a modify is a placeOrder with the same id and every field restated).
 *
 * @example
 * ```ts
 * toIbModify(current, { limitPrice: 151 }).lmtPrice // 151
 * ```
 */
export function toIbModify(current: IbOrder, changes: OrderReplace): IbOrder {
  const order: IbOrder = { ...current, transmit: true };
  if (changes.quantity !== undefined) order.totalQuantity = changes.quantity;
  if (changes.limitPrice !== undefined) order.lmtPrice = price(changes.limitPrice);
  if (changes.stopPrice !== undefined) order.auxPrice = price(changes.stopPrice);
  if (changes.trailPrice !== undefined) {
    order.auxPrice = price(changes.trailPrice);
    order.trailingPercent = undefined;
  }
  if (changes.trailPercent !== undefined) {
    order.trailingPercent = changes.trailPercent;
    order.auxPrice = undefined;
  }
  if (changes.timeInForce !== undefined) order.tif = IBKR_TIF[changes.timeInForce];
  return order;
}

/** One placeOrder of a request: the id it goes out with, the IB order, and how it links to the others. */
export interface IbPlacement {
  id: number;
  contract: Contract;
  order: IbOrder;
  link: OrderLink;
}

/** The link of a simple order (shared: links are never changed). */
const SIMPLE: OrderLink = Object.freeze({ orderClass: 'simple' });

/** IB's OCA type 1: when one member fills, cancel the others (with block against overfill). */
const OCA_CANCEL_WITH_BLOCK = 1;

/** An exit leg: a limit at the take-profit, or a stop (stop-limit with a limit) at the stop-loss. */
function exitOrder(req: OrderRequest, account: string, leg: 'tp' | 'sl', side: 'buy' | 'sell'): IbOrder {
  const limit = req.stopLoss?.limitPrice;
  const order: IbOrder = {
    action: side === 'buy' ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: req.quantity,
    orderType: leg === 'tp' ? OrderType.LMT : limit === undefined ? OrderType.STP : OrderType.STP_LMT,
    tif: IBKR_TIF[req.timeInForce],
    account,
    transmit: true,
  };
  if (req.clientOrderId !== undefined) order.orderRef = `${req.clientOrderId}.${leg}`;
  if (leg === 'tp') {
    order.lmtPrice = price(req.takeProfit?.limitPrice);
  } else {
    order.auxPrice = price(req.stopLoss?.stopPrice);
    if (limit !== undefined) order.lmtPrice = price(limit);
  }
  return order;
}

/**
 * The placeOrders of a request, in sending order, with ids from `takeId`:
 * - simple: one order;
 * - bracket / oto: the entry with `transmit` off, then its exit legs (opposite side) with
 *   `parentId` = the entry, the last one with `transmit` on, which sends the group (TWS holds the
 *   legs until the entry fills and cancels the other leg when one fills);
 * - oco: the take-profit limit (the request's own order, carrying its client order id) and the
 *   stop, both in OCA group `oco-<take-profit id>` with OCA type 1.
 *
 * @example
 * ```ts
 * toIbPlacements(bracketRequest, 'DU1', ids).map((p) => [p.id, p.order.parentId, p.order.transmit]) // [[10, undefined, false], [11, 10, false], [12, 10, true]]
 * ```
 */
export function toIbPlacements(req: OrderRequest, account: string, takeId: () => number): IbPlacement[] {
  const contract = stockContract(req.symbol);
  if (req.orderClass === 'simple') return [{ id: takeId(), contract, order: toIbOrder(req, account), link: SIMPLE }];
  if (req.orderClass === 'oco') {
    const tpId = takeId();
    const slId = takeId();
    const oca = { ocaGroup: `${OCO_GROUP_PREFIX}${tpId}`, ocaType: OCA_CANCEL_WITH_BLOCK };
    const tp = { ...exitOrder(req, account, 'tp', req.side), ...oca, outsideRth: req.extendedHours };
    if (req.clientOrderId !== undefined) tp.orderRef = req.clientOrderId;
    return [
      { id: tpId, contract, order: tp, link: { orderClass: 'oco' } },
      { id: slId, contract, order: { ...exitOrder(req, account, 'sl', req.side), ...oca }, link: { orderClass: 'oco', parentId: String(tpId) } },
    ];
  }
  const parentId = takeId();
  const exitSide = req.side === 'buy' ? 'sell' : 'buy';
  const legs = (['tp', 'sl'] as const).filter((leg) => (leg === 'tp' ? req.takeProfit : req.stopLoss) !== undefined);
  const placements: IbPlacement[] = [{ id: parentId, contract, order: { ...toIbOrder(req, account), transmit: false }, link: { orderClass: req.orderClass } }];
  legs.forEach((leg, i) => {
    const order = { ...exitOrder(req, account, leg, exitSide), parentId, transmit: i === legs.length - 1 };
    placements.push({ id: takeId(), contract, order, link: { orderClass: req.orderClass, parentId: String(parentId) } });
  });
  return placements;
}
