import { Decimal, InvalidOrderError } from '@invest/broker-core';

/** Significant digits a double carries faithfully; digits past them are binary noise. */
const FAITHFUL_DIGITS = 15;

/**
 * A price as the JSON number E*TRADE gets: float noise removed (`0.1 + 0.2` is sent as `0.3`) and at
 * most `places` decimals. More decimals are refused here (`InvalidOrderError` naming `field`,
 * nothing sent) rather than rounded: rounding a price changes the order.
 *
 * @example
 * ```ts
 * etradePrice(0.1 + 0.2, 'limitPrice', 4) // 0.3
 * etradePrice(180.255, 'limitPrice', 2)   // InvalidOrderError
 * ```
 */
export function etradePrice(value: number, field: string, places: number): number {
  const clean = Decimal.from(Number(value.toPrecision(FAITHFUL_DIGITS)));
  if (clean.scale > places) {
    throw new InvalidOrderError(`Invalid order: ${field}: E*TRADE accepts at most ${places} decimal place${places === 1 ? '' : 's'} here, got ${clean.toString()}`, {
      field,
      broker: 'etrade',
      outcome: 'denied',
    });
  }
  return Number(clean.toString());
}
