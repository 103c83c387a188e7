import { Decimal } from '@invest/broker-core';

/**
 * Rounds a non-negative decimal down to `places` decimals (quantities never round up: an order for
 * $100 never buys more than $100 of stock).
 *
 * @example
 * ```ts
 * floorDecimal(Decimal.from('1.23456789012'), 9).toString() // '1.23456789'
 * ```
 */
export function floorDecimal(value: Decimal, places: number): Decimal {
  if (value.scale <= places) return value;
  const units = value.units / 10n ** BigInt(value.scale - places);
  return Decimal.ofUnits(value.sign() < 0 && units * 10n ** BigInt(value.scale - places) !== value.units ? units - 1n : units, places);
}
