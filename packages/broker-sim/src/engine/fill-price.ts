import { Decimal, type OrderSide } from '@invest/broker-core';
import { decimalOf } from './fast-decimal.ts';

/** How fill prices are rounded after slippage: to US equity ticks, or not at all. */
export type PriceRounding = 'us-equity' | 'none';

const CENT = Decimal.from('0.01');
const HUNDREDTH_CENT = Decimal.from('0.0001');
const BPS = Decimal.from('0.0001');
const ONE = Decimal.from(1);

/** Rounds `price` to a multiple of `tick`, up or down. */
function toTick(price: Decimal, tick: Decimal, up: boolean): Decimal {
  const ratio = price.div(tick, 0);
  let units = ratio.units;
  // `div` rounds half-even; move one tick in the required direction when it went the other way.
  const back = Decimal.ofUnits(units, 0).mul(tick);
  if (up && back.cmp(price) < 0) units += 1n;
  if (!up && back.cmp(price) > 0) units -= 1n;
  return Decimal.ofUnits(units, 0).mul(tick);
}

/**
 * The price a marketable order pays: the quote moved against the trader by `slippageBps`, then
 * rounded to a tradable price (US equities: $0.01 at or above $1, $0.0001 below) in the trader's
 * disfavour (buys up, sells down), so a fill is never better than the model says.
 *
 * @example
 * ```ts
 * slippedPrice(100, 'buy', 5, 'us-equity').toString()    // '100.05'
 * slippedPrice(187.23, 'buy', 5, 'us-equity').toString() // '187.33' (187.323615 rounded up)
 * ```
 */
export function slippedPrice(quote: number, side: OrderSide, slippageBps: number, rounding: PriceRounding): Decimal {
  const base = decimalOf(quote);
  if (slippageBps === 0) return base;
  const factor = decimalOf(slippageBps).mul(BPS);
  const moved = base.mul(side === 'buy' ? ONE.add(factor) : ONE.sub(factor));
  if (rounding === 'none') return moved;
  const tick = moved.cmp(ONE) >= 0 ? CENT : HUNDREDTH_CENT;
  const rounded = toTick(moved, tick, side === 'buy');
  // Rounding down a sell can reach 0 only for absurd slippage; keep the smallest tick then.
  return rounded.sign() > 0 ? rounded : tick;
}
