/** Exact decimal quantities for the fake: integers of 1e-8, as bigint (no float sums). */
const SCALE = 100_000_000n;
const PLACES = 8;

/**
 * Parses a decimal string ("1.5", "100") to units of 1e-8.
 *
 * @example
 * ```ts
 * toUnits('0.5') // 50000000n
 * ```
 */
export function toUnits(text: string): bigint {
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) throw new Error(`fake-tws: not a quantity: ${text}`);
  const negative = trimmed.startsWith('-');
  const [whole = '0', frac = ''] = trimmed.replace('-', '').split('.');
  const units = BigInt(whole) * SCALE + BigInt((frac + '0'.repeat(PLACES)).slice(0, PLACES));
  return negative ? -units : units;
}

/**
 * Formats units of 1e-8 as the shortest decimal string.
 *
 * @example
 * ```ts
 * fromUnits(150000000n) // '1.5'
 * ```
 */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(PLACES, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Units as a number (for prices times quantities, where the fake's answer need not be exact). */
export function unitsToNumber(units: bigint): number {
  return Number(fromUnits(units));
}
