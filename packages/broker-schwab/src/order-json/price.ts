import { Decimal, InvalidOrderError } from '@invest/broker-core';

/** Significant digits a double carries faithfully; digits past them are binary noise. */
const FAITHFUL_DIGITS = 15;

/**
 * Decimal places Schwab and TD take: prices to the cent at $1 and above, to 1/10 000 below;
 * quantities in whole shares (the APIs trade no fractions); trail percents to 2 places.
 */
export const ORDER_JSON_PRECISION = {
  price: (value: number): number => (value >= 1 ? 2 : 4),
  trailPercent: 2,
} as const;

/**
 * A number as the JSON number the order body carries: float noise removed (`0.1 + 0.2` becomes
 * `0.3`), and refused (`InvalidOrderError` naming `field`, nothing sent) when it needs more decimal
 * places than the broker takes: rounding a price would change the order.
 *
 * @example
 * ```ts
 * orderNumber(100.1 + 0.2, 'limitPrice', 2, 'schwab') // 100.3
 * orderNumber(180.255, 'limitPrice', 2, 'schwab')     // InvalidOrderError
 * ```
 */
export function orderNumber(value: number, field: string, places: number, broker: string): number {
  const clean = Decimal.from(Number(value.toPrecision(FAITHFUL_DIGITS)));
  if (clean.scale > places) {
    throw new InvalidOrderError(`Invalid order: ${field}: ${broker} accepts at most ${places} decimal place${places === 1 ? '' : 's'} here, got ${clean.toString()}`, {
      field,
      broker,
      outcome: 'denied',
    });
  }
  return clean.toNumber();
}

/**
 * A price with the broker's increments (`ORDER_JSON_PRECISION.price`).
 *
 * @example
 * ```ts
 * orderPrice(0.12345, 'limitPrice', 'td') // InvalidOrderError: at most 4 decimal places
 * ```
 */
export function orderPrice(value: number, field: string, broker: string): number {
  return orderNumber(value, field, ORDER_JSON_PRECISION.price(value), broker);
}
