import { Decimal, InvalidOrderError, type OrderRequest } from '@invest/broker-core';
import type { PriceRounding } from './fill-price.ts';

/** The US equities minimum price increment (SEC Rule 612): $0.01 at or above $1, $0.0001 below. */
function increment(price: number): number {
  return price >= 1 ? 2 : 4;
}

/** The order's prices, by the field a refusal names. */
function pricesOf(req: OrderRequest): [string, number][] {
  const out: [string, number][] = [];
  if (req.limitPrice !== undefined) out.push(['limitPrice', req.limitPrice]);
  if (req.stopPrice !== undefined) out.push(['stopPrice', req.stopPrice]);
  if (req.takeProfit) out.push(['takeProfit.limitPrice', req.takeProfit.limitPrice]);
  if (req.stopLoss) {
    out.push(['stopLoss.stopPrice', req.stopLoss.stopPrice]);
    if (req.stopLoss.limitPrice !== undefined) out.push(['stopLoss.limitPrice', req.stopLoss.limitPrice]);
  }
  return out;
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
  for (const [field, price] of pricesOf(req)) {
    const places = increment(price);
    // The double nearest to a whole number of ticks prints as that number of ticks: on the tick
    // whatever the exact check would say. Anything else gets the exact check.
    const ticks = places === 2 ? 100 : 10_000;
    if (Math.round(price * ticks) / ticks === price) continue;
    if (!Decimal.from(price).round(places).eq(price)) {
      const rule = places === 2 ? 'in whole cents ($0.01) at or above $1' : 'in steps of $0.0001 below $1';
      throw new InvalidOrderError(`Invalid ${what}: ${field}: must be ${rule}, got ${price}`, { field, broker: 'sim', outcome: 'denied' });
    }
  }
}
