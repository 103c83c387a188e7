import { Decimal, type OrderReplace, type OrderRequest } from '@invest/broker-core';
import { OrderAction, OrderType, SecType, type Contract, type Order as IbOrder } from '@stoqey/ib';
import { IBKR_TIF } from '../capabilities.ts';

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
const price = (value: number | undefined): number | undefined => (value === undefined ? undefined : Decimal.from(value).round(6).toNumber());

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
