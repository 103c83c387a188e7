import { InvalidOrderError, type OrderRequest } from '@invest/broker-core';

/** Time in force each order type may use in the simulator (as at Alpaca). */
const TIF_BY_TYPE: Record<OrderRequest['type'], readonly OrderRequest['timeInForce'][]> = {
  market: ['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'],
  limit: ['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'],
  stop: ['day', 'gtc'],
  stop_limit: ['day', 'gtc'],
  trailing_stop: ['day', 'gtc'],
};

/** Refuses a request's field. */
function bad(field: string, message: string): never {
  throw new InvalidOrderError(`Invalid order: ${field}: ${message}`, { field, broker: 'sim', outcome: 'denied' });
}

/**
 * Rules the simulator adds to the core schema, each refused with an `InvalidOrderError` naming the
 * field: at-the-open / at-the-close and immediate orders are market or limit orders; bracket, OCO
 * and OTO orders are `day` or `gtc`; an OCO is the take-profit limit with its stop, so its own
 * type is `limit` (or left as `market`, the default) and its `limitPrice`, if given, is the
 * take-profit's.
 *
 * @example
 * ```ts
 * checkSimRules(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'stop', stopPrice: 200, timeInForce: 'ioc' }))
 * // InvalidOrderError: timeInForce ...
 * ```
 */
export function checkSimRules(req: OrderRequest): void {
  if (!TIF_BY_TYPE[req.type].includes(req.timeInForce)) {
    bad('timeInForce', `${req.timeInForce} is not allowed on a ${req.type} order (allowed: ${TIF_BY_TYPE[req.type].join(', ')})`);
  }
  if (req.orderClass !== 'simple' && req.timeInForce !== 'day' && req.timeInForce !== 'gtc') {
    bad('timeInForce', `must be day or gtc for a ${req.orderClass} order, got ${req.timeInForce}`);
  }
  if (req.orderClass === 'oco') {
    if (req.type !== 'limit' && req.type !== 'market') bad('type', `an oco order is a take-profit limit with a stop; use type limit, got ${req.type}`);
    if (req.limitPrice !== undefined && req.limitPrice !== req.takeProfit?.limitPrice) {
      bad('limitPrice', `must equal takeProfit.limitPrice ${req.takeProfit?.limitPrice} on an oco order, got ${req.limitPrice}`);
    }
  }
}
