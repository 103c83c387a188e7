import type { Order, OrderRequest } from '@invest/broker-core';

/**
 * The order a `201 Created` answer stands for: what the request asked, under the id from
 * `Location`, status `accepted` (the broker took it; its answer has no body to say more). Its
 * state after that is read with `getOrder`.
 *
 * @example
 * ```ts
 * acceptedOrder(req, '1000001234', clock.now()).status // 'accepted'
 * ```
 */
export function acceptedOrder(req: OrderRequest, id: string, now: number): Order {
  const at = new Date(now).toISOString();
  const order: Order = {
    id,
    clientOrderId: req.clientOrderId,
    symbol: req.symbol,
    side: req.side,
    type: req.type,
    timeInForce: req.timeInForce,
    orderClass: req.orderClass,
    status: 'accepted',
    filledQuantity: 0,
    extendedHours: req.extendedHours,
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
  };
  if (req.quantity !== undefined) order.quantity = req.quantity;
  if (req.limitPrice !== undefined && (req.type === 'limit' || req.type === 'stop_limit')) order.limitPrice = req.limitPrice;
  if (req.stopPrice !== undefined && (req.type === 'stop' || req.type === 'stop_limit')) order.stopPrice = req.stopPrice;
  if (req.trailPrice !== undefined) order.trailPrice = req.trailPrice;
  if (req.trailPercent !== undefined) order.trailPercent = req.trailPercent;
  return order;
}
