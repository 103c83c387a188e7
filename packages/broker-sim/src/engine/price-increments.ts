import { Decimal, InvalidOrderError, type OrderRequest } from '@invest/broker-core';
import type { PriceRounding } from './fill-price.ts';

/** The US equities minimum price increment (SEC Rule 612): $0.01 at or above $1, $0.0001 below. */
function increment(price: number): number {
  return price >= 1 ? 2 : 4;
}

/**
 * Refuses an order price off the US equities tick, as a real broker does (Alpaca refuses
 * `100.001`): whole cents at or above $1, hundredths of a cent below. With `priceRounding: 'none'`
 * any price is taken. Checked exactly (a `Decimal`, not a float remainder).
 *
 * @example
 * ```ts
 * checkPriceIncrements(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100.001 }), 'us-equity')
 * // InvalidOrderError: limitPrice: must be in whole cents ($0.01) at or above $1, got 100.001
 * ```
 */
export function checkPriceIncrements(req: OrderRequest, rounding: PriceRounding, what = 'order'): void {
  if (rounding === 'none') return;
  if (req.limitPrice !== undefined) checkPrice('limitPrice', req.limitPrice, what);
  if (req.stopPrice !== undefined) checkPrice('stopPrice', req.stopPrice, what);
  if (req.takeProfit) checkPrice('takeProfit.limitPrice', req.takeProfit.limitPrice, what);
  if (req.stopLoss) {
    checkPrice('stopLoss.stopPrice', req.stopLoss.stopPrice, what);
    if (req.stopLoss.limitPrice !== undefined) checkPrice('stopLoss.limitPrice', req.stopLoss.limitPrice, what);
  }
}

/** One price of an order against the tick; `field` names it in a refusal. */
function checkPrice(field: string, price: number, what: string): void {
  const places = increment(price);
  // The double nearest to a whole number of ticks prints as that number of ticks: on the tick
  // whatever the exact check would say. Anything else gets the exact check.
  const ticks = places === 2 ? 100 : 10_000;
  if (Math.round(price * ticks) / ticks === price) return;
  if (!Decimal.from(price).round(places).eq(price)) {
    const rule = places === 2 ? 'in whole cents ($0.01) at or above $1' : 'in steps of $0.0001 below $1';
    throw new InvalidOrderError(`Invalid ${what}: ${field}: must be ${rule}, got ${price}`, { field, broker: 'sim', outcome: 'denied' });
  }
}
