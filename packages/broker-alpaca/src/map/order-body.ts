import { InvalidOrderError, type Order, type OrderReplace, type OrderRequest } from '@invest/broker-core';
import { ALPACA_PRECISION } from '../capabilities.ts';
import type { AlpacaOrderBody, AlpacaReplaceBody } from '../schemas/order-body.ts';
import { toDecimalString } from './decimal.ts';

const price = (value: number, field: string): string => toDecimalString(value, field, ALPACA_PRECISION.price(value));

/**
 * A parsed core order request -> the body of `POST /v2/orders`. Fields appear in one fixed order
 * and only when the order uses them; quantities and prices are decimal strings without float
 * noise. An OCO is sent as Alpaca expects it: type limit, no top-level limit price, the two exits
 * in `take_profit` / `stop_loss`.
 *
 * Example of the raw payload built (a bracket with a stop-limit loss):
 * ```json
 * { "symbol": "AAPL", "qty": "3", "side": "buy", "type": "limit", "time_in_force": "gtc", "limit_price": "100.5",
 *   "order_class": "bracket", "take_profit": { "limit_price": "110" }, "stop_loss": { "stop_price": "95", "limit_price": "94.5" },
 *   "client_order_id": "inv-9Xk2" }
 * ```
 *
 * @example
 * ```ts
 * toAlpacaOrderBody(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 0.5 }))
 * // { symbol: 'AAPL', qty: '0.5', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: '...' }
 * ```
 */
export function toAlpacaOrderBody(req: OrderRequest): AlpacaOrderBody {
  const body: Partial<AlpacaOrderBody> & Pick<AlpacaOrderBody, 'symbol'> = { symbol: req.symbol };
  if (req.quantity !== undefined) body.qty = toDecimalString(req.quantity, 'quantity', ALPACA_PRECISION.quantity);
  if (req.notional !== undefined) body.notional = toDecimalString(req.notional, 'notional', ALPACA_PRECISION.notional);
  body.side = req.side;
  body.type = req.type;
  body.time_in_force = req.timeInForce;
  if (req.limitPrice !== undefined && req.orderClass !== 'oco') body.limit_price = price(req.limitPrice, 'limitPrice');
  if (req.stopPrice !== undefined) body.stop_price = price(req.stopPrice, 'stopPrice');
  if (req.trailPrice !== undefined) body.trail_price = price(req.trailPrice, 'trailPrice');
  if (req.trailPercent !== undefined) body.trail_percent = toDecimalString(req.trailPercent, 'trailPercent', ALPACA_PRECISION.trailPercent);
  if (req.extendedHours) body.extended_hours = true;
  if (req.orderClass !== 'simple') body.order_class = req.orderClass;
  if (req.takeProfit) body.take_profit = { limit_price: price(req.takeProfit.limitPrice, 'takeProfit.limitPrice') };
  if (req.stopLoss) {
    body.stop_loss = { stop_price: price(req.stopLoss.stopPrice, 'stopLoss.stopPrice') };
    if (req.stopLoss.limitPrice !== undefined) body.stop_loss.limit_price = price(req.stopLoss.limitPrice, 'stopLoss.limitPrice');
  }
  body.client_order_id = req.clientOrderId;
  return body as AlpacaOrderBody;
}

/**
 * A parsed core replace -> the body of `PATCH /v2/orders/{id}`. Alpaca has one `trail` field
 * whose meaning follows the order (a price for a trailing stop by price, a percent for one by
 * percent), so the current order is needed to refuse a replace that would change the trail's
 * kind. `clientOrderId` names the replacement, so a lost answer can be looked up.
 *
 * Example of the raw payload built:
 * ```json
 * { "qty": "5", "limit_price": "99.5", "client_order_id": "inv-Rp7c" }
 * ```
 *
 * @example
 * ```ts
 * toAlpacaReplaceBody({ limitPrice: 99.5 }, 'inv-Rp7c', current) // { limit_price: '99.5', client_order_id: 'inv-Rp7c' }
 * ```
 */
export function toAlpacaReplaceBody(changes: OrderReplace, clientOrderId: string, current: Order | undefined): AlpacaReplaceBody {
  const refuse = (field: string, why: string): never => {
    throw new InvalidOrderError(`Invalid replace: ${field}: ${why}`, { field, broker: 'alpaca', outcome: 'denied' });
  };
  const body: Partial<AlpacaReplaceBody> = {};
  if (changes.quantity !== undefined) body.qty = toDecimalString(changes.quantity, 'quantity', ALPACA_PRECISION.quantity);
  if (changes.timeInForce !== undefined) body.time_in_force = changes.timeInForce;
  if (changes.limitPrice !== undefined) body.limit_price = price(changes.limitPrice, 'limitPrice');
  if (changes.stopPrice !== undefined) body.stop_price = price(changes.stopPrice, 'stopPrice');
  if (changes.trailPrice !== undefined && changes.trailPercent !== undefined) refuse('trailPercent', 'cannot be given together with trailPrice');
  if (changes.trailPrice !== undefined) {
    if (current && current.trailPrice === undefined) refuse('trailPrice', `order ${current.id} does not trail by price`);
    body.trail = price(changes.trailPrice, 'trailPrice');
  }
  if (changes.trailPercent !== undefined) {
    if (current && current.trailPercent === undefined) refuse('trailPercent', `order ${current.id} does not trail by percent`);
    body.trail = toDecimalString(changes.trailPercent, 'trailPercent', ALPACA_PRECISION.trailPercent);
  }
  body.client_order_id = clientOrderId;
  return body as AlpacaReplaceBody;
}
