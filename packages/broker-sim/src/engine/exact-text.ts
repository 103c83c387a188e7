import { Decimal } from '@invest/broker-core';

/**
 * The shortest text of an exact amount (`104999`, not `104999.0`). Sums in the core's `Decimal`
 * keep the larger scale of their operands, so the same amount can come out of two computations
 * with different trailing zeros; the state file and the ledger always show this one spelling.
 *
 * @example
 * ```ts
 * exactText(Decimal.from('1.50').add('2.5')) // '4'
 * ```
 */
export function exactText(value: Decimal): string {
  if (value.units === 0n) return '0';
  // Already trimmed (what the core builds): its own text is the shortest.
  if (value.scale === 0 || value.units % 10n !== 0n) return value.toString();
  return Decimal.ofUnits(value.units, value.scale).toString();
}
