import { InvalidOrderError, type Order, type OrderReplace, type OrderRequest } from '@invest/broker-core';

/**
 * The whole order a replace asks for. Schwab's and TD's replace (`PUT .../orders/{id}`) takes a
 * complete order, not a patch: the working order as it is, with `changes` laid over it. Only simple
 * orders are replaced this way (a bracket's legs are replaced one by one). A trail given as the
 * other kind than the order has (percent for a price trail) replaces the kind too.
 *
 * @example
 * ```ts
 * replacementRequest(workingLimit, { limitPrice: 101 }, 'inv-Rp7c', 'schwab') // the same order at 101
 * ```
 */
export function replacementRequest(current: Order, changes: OrderReplace, clientOrderId: string, broker: string): OrderRequest {
  if (current.orderClass !== 'simple' || current.quantity === undefined) {
    throw new InvalidOrderError(`Invalid replace: order ${current.id} is a ${current.orderClass} order; ${broker} replaces simple orders only here`, {
      field: 'orderClass',
      broker,
      outcome: 'denied',
    });
  }
  const trail = changes.trailPrice !== undefined || changes.trailPercent !== undefined;
  const req: OrderRequest = {
    symbol: current.symbol,
    side: current.side,
    type: current.type,
    timeInForce: changes.timeInForce ?? current.timeInForce,
    quantity: changes.quantity ?? current.quantity,
    extendedHours: current.extendedHours,
    orderClass: 'simple',
    clientOrderId,
  };
  const limitPrice = changes.limitPrice ?? current.limitPrice;
  const stopPrice = changes.stopPrice ?? current.stopPrice;
  if (limitPrice !== undefined) req.limitPrice = limitPrice;
  if (stopPrice !== undefined) req.stopPrice = stopPrice;
  const trailPrice = trail ? changes.trailPrice : current.trailPrice;
  const trailPercent = trail ? changes.trailPercent : current.trailPercent;
  if (trailPrice !== undefined) req.trailPrice = trailPrice;
  if (trailPercent !== undefined) req.trailPercent = trailPercent;
  return req;
}
