import { BrokerProtocolError, Decimal, InvalidOrderError } from '@invest/broker-core';

/** Significant digits a double carries faithfully; digits past them are binary noise. */
const FAITHFUL_DIGITS = 15;

/**
 * A number as the decimal string Alpaca takes: binary float noise removed (`0.1 + 0.2` is sent as
 * `"0.3"`, not `"0.30000000000000004"`), no exponent (`1e-7` is `"0.0000001"`), and at most
 * `places` decimals. A value that needs more places than Alpaca accepts is refused here
 * (`InvalidOrderError` naming `field`, nothing sent) rather than silently rounded: rounding a
 * price changes the order.
 *
 * @example
 * ```ts
 * toDecimalString(0.1 + 0.2, 'limitPrice', 4) // '0.3'
 * toDecimalString(180.255, 'limitPrice', 2)   // InvalidOrderError: limitPrice: ... at most 2 decimal places
 * ```
 */
export function toDecimalString(value: number, field: string, places: number): string {
  // Digits past the 15th significant one are binary noise: cut them, then read the rest exactly.
  const clean = Decimal.from(Number(value.toPrecision(FAITHFUL_DIGITS)));
  if (clean.scale > places) {
    throw new InvalidOrderError(
      `Invalid order: ${field}: Alpaca accepts at most ${places} decimal place${places === 1 ? '' : 's'} here, got ${clean.toString()}`,
      { field, broker: 'alpaca', outcome: 'denied' },
    );
  }
  return clean.toString();
}

/**
 * Alpaca's decimal string as a number (the core model's unit). Exact whenever the decimal fits
 * a double; sums that must balance go through `Decimal` instead.
 *
 * @example
 * ```ts
 * decimalNumber('180.25') // 180.25
 * ```
 */
export function decimalNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new BrokerProtocolError(`alpaca: ${JSON.stringify(text.slice(0, 40))} is not a finite number`, { broker: 'alpaca' });
  return n;
}

/**
 * Like `decimalNumber`, for optional fields: null / absent stay undefined.
 *
 * @example
 * ```ts
 * optionalNumber(null) // undefined
 * ```
 */
export function optionalNumber(text: string | null | undefined): number | undefined {
  return text === null || text === undefined ? undefined : decimalNumber(text);
}

/**
 * A strictly positive optional field: Alpaca's `"0"` for "no price yet" reads as absent.
 *
 * @example
 * ```ts
 * positiveOrUndefined('0') // undefined
 * ```
 */
export function positiveOrUndefined(text: string | null | undefined): number | undefined {
  const n = optionalNumber(text);
  return n !== undefined && n > 0 ? n : undefined;
}
