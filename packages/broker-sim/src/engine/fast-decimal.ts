import { Decimal } from '@invest/broker-core';

/** Numbers whose `Decimal` is kept (prices and quantities repeat); a bound keeps memory flat. */
const MAX_CACHED = 4096;
const cache = new Map<number, Decimal>();

/**
 * `Decimal.from(n)` for a number, remembered: a `Decimal` is immutable, so the same one serves
 * every use of the same number (prices and quantities recur on every order and quote), and the
 * text parse runs once per distinct value.
 *
 * @example
 * ```ts
 * decimalOf(100.01).toString() // '100.01'
 * ```
 */
export function decimalOf(n: number): Decimal {
  let d = cache.get(n);
  if (d === undefined) {
    d = Decimal.from(n);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(n, d);
  }
  return d;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * `d.toNumber()` without the text round trip when it is provably the same number: units below
 * 2^53 and 10^scale are exact doubles, so their quotient is the correctly rounded value of the
 * decimal, which is what parsing its text gives.
 *
 * @example
 * ```ts
 * numberOf(Decimal.from('187.23')) // 187.23
 * ```
 */
export function numberOf(d: Decimal): number {
  const { units, scale } = d;
  if (scale <= 22 && units <= MAX_EXACT && units >= -MAX_EXACT) {
    const n = Number(units);
    return scale === 0 ? n : n / (POW10[scale] as number);
  }
  return d.toNumber();
}

/**
 * `a.add(b)`, skipping the arithmetic when one side is zero: every `Decimal` the core builds is
 * trimmed (no trailing zero units), so the other side already has the units and scale `add` would
 * give it.
 */
export function plus(a: Decimal, b: Decimal): Decimal {
  if (b.units === 0n) return a;
  if (a.units === 0n) return b;
  return a.add(b);
}

/** `a.sub(b)` with the same shortcut as `plus` for a zero `b`, and zero for `a` minus itself. */
export function minus(a: Decimal, b: Decimal): Decimal {
  if (b.units === 0n) return a;
  if (a === b) return Decimal.ZERO;
  return a.sub(b);
}

/**
 * `a.mul(b)`, skipping the arithmetic when one side is zero or exactly one (a quantity of one
 * share, a multiplier of 1): every `Decimal` the core builds is trimmed, so the other side is
 * already what `mul` would give.
 */
export function times(a: Decimal, b: Decimal): Decimal {
  if (a.units === 0n || b.units === 0n) return Decimal.ZERO;
  if (b.units === 1n && b.scale === 0) return a;
  if (a.units === 1n && a.scale === 0) return b;
  return a.mul(b);
}

/** `d.neg()`, without a new value for zero. */
export function negated(d: Decimal): Decimal {
  return d.units === 0n ? Decimal.ZERO : d.neg();
}
