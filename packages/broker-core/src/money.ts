/**
 * Exact decimal arithmetic for sums that must balance (ledger cash, cost basis, P&L). A value is
 * an integer count of 10^-scale units held in a bigint, so adding a million amounts drifts by
 * nothing. Numbers enter through their shortest round-trip decimal form (`String(n)`), which is
 * the decimal the caller wrote: `Decimal.from(0.1)` is exactly 0.1, not 0.1000000000000000055.
 */
export class Decimal {
  private constructor(
    /** Integer count of 10^-scale units. */
    readonly units: bigint,
    /** Decimal places. */
    readonly scale: number,
  ) {}

  static readonly ZERO: Decimal = new Decimal(0n, 0);

  /**
   * @example
   * ```ts
   * Decimal.from(0.1).add(Decimal.from(0.2)).toString() // '0.3'
   * ```
   */
  static from(value: number | string | bigint | Decimal): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value, 0);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
      if (Number.isSafeInteger(value)) return new Decimal(BigInt(value), 0);
      return Decimal.#parse(String(value));
    }
    return Decimal.#parse(value.trim());
  }

  /** `units` x 10^-`scale`, e.g. `Decimal.ofUnits(12345n, 2)` is 123.45. */
  static ofUnits(units: bigint, scale: number): Decimal {
    if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`scale must be a whole number >= 0, got ${scale}`);
    return new Decimal(units, scale).#trim();
  }

  static #parse(text: string): Decimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal amount: ${JSON.stringify(text)}`);
    const [, sign, int = '', frac = '', exp = '0'] = m;
    let digits = BigInt(`${int || '0'}${frac}`);
    let scale = frac.length - Number(exp);
    if (scale < 0) {
      digits *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return new Decimal(sign === '-' ? -digits : digits, scale).#trim();
  }

  #trim(): Decimal {
    let { units, scale } = this;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return scale === this.scale ? this : new Decimal(units, scale);
  }

  #at(scale: number): bigint {
    return scale === this.scale ? this.units : this.units * 10n ** BigInt(scale - this.scale);
  }

  add(other: Decimal | number | string): Decimal {
    const o = Decimal.from(other);
    const scale = Math.max(this.scale, o.scale);
    return new Decimal(this.#at(scale) + o.#at(scale), scale).#trim();
  }

  sub(other: Decimal | number | string): Decimal {
    return this.add(Decimal.from(other).neg());
  }

  mul(other: Decimal | number | string): Decimal {
    const o = Decimal.from(other);
    return new Decimal(this.units * o.units, this.scale + o.scale).#trim();
  }

  /** Quotient rounded half-even to `scale` places (division is the one inexact operation). */
  div(other: Decimal | number | string, scale = 10): Decimal {
    const o = Decimal.from(other);
    if (o.units === 0n) throw new RangeError('division by zero');
    // (a / 10^sa) / (b / 10^sb) = a * 10^(scale + sb - sa) / b, in units of 10^-scale.
    const shift = scale + o.scale - this.scale;
    const num = shift >= 0 ? this.units * 10n ** BigInt(shift) : this.units;
    const den = shift >= 0 ? o.units : o.units * 10n ** BigInt(-shift);
    return new Decimal(divHalfEven(num, den), scale).#trim();
  }

  neg(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.neg() : this;
  }

  /** Rounds half-even (banker's) to `places` decimals; `halfUp` rounds halves away from zero. */
  round(places: number, mode: 'halfEven' | 'halfUp' = 'halfEven'): Decimal {
    if (places >= this.scale) return this;
    const den = 10n ** BigInt(this.scale - places);
    const q = mode === 'halfEven' ? divHalfEven(this.units, den) : divHalfUp(this.units, den);
    return new Decimal(q, places).#trim();
  }

  cmp(other: Decimal | number | string): -1 | 0 | 1 {
    const o = Decimal.from(other);
    const scale = Math.max(this.scale, o.scale);
    const a = this.#at(scale);
    const b = o.#at(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(other: Decimal | number | string): boolean {
    return this.cmp(other) === 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.units < 0n ? -1 : this.units > 0n ? 1 : 0;
  }

  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const int = digits.slice(0, digits.length - this.scale);
    const frac = digits.slice(digits.length - this.scale);
    return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
  }

  /** Nearest number (exact whenever the decimal fits a double). */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }
}

function divHalfEven(num: bigint, den: bigint): bigint {
  if (den < 0n) return divHalfEven(-num, -den);
  const q = num / den;
  const r = num - q * den;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < den) return q;
  const away = num < 0n ? q - 1n : q + 1n;
  if (twice > den) return away;
  return q % 2n === 0n ? q : away;
}

function divHalfUp(num: bigint, den: bigint): bigint {
  if (den < 0n) return divHalfUp(-num, -den);
  const q = num / den;
  const r = num - q * den;
  if (2n * (r < 0n ? -r : r) >= den) return num < 0n ? q - 1n : q + 1n;
  return q;
}

/** Numbers below this magnitude have at most one multiple of 10^-8 in their rounding interval. */
const FAST_LIMIT = 4e7;
const FAST_SCALE = 1e8;
/** Flush the Number accumulator into the bigint before it can pass 2^53. */
const FLUSH_AT = 4e15;

/**
 * An exact running sum that stays fast for ordinary amounts. A number whose shortest decimal has at
 * most 8 places and whose magnitude is below 4e7 (prices, quantities, cash, cost bases) is added as
 * an integer count of 10^-8 held in a plain Number (exact below 2^53, flushed into a bigint before
 * that); anything else goes through `Decimal`. The result is the same as adding `Decimal`s.
 *
 * @example
 * ```ts
 * const s = new ExactSum(); for (const x of [0.1, 0.2]) s.add(x); s.toNumber() // 0.3
 * ```
 */
export class ExactSum {
  #units = 0;
  #carry = 0n;
  #slow: Decimal | undefined;

  add(value: number): this {
    const u = Math.round(value * FAST_SCALE);
    // u / 1e8 === value proves u x 10^-8 is the decimal the caller wrote: below FAST_LIMIT no other
    // multiple of 10^-8 rounds to the same double.
    if (Math.abs(value) < FAST_LIMIT && u / FAST_SCALE === value) {
      this.#units += u;
      if (this.#units > FLUSH_AT || this.#units < -FLUSH_AT) {
        this.#carry += BigInt(this.#units);
        this.#units = 0;
      }
    } else {
      this.#slow = (this.#slow ?? Decimal.ZERO).add(value);
    }
    return this;
  }

  get value(): Decimal {
    const fast = Decimal.ofUnits(this.#carry + BigInt(this.#units), 8);
    return this.#slow ? fast.add(this.#slow) : fast;
  }

  /** The sum as the nearest number (no text round trip when the sum stayed on the fast path). */
  toNumber(): number {
    if (this.#carry === 0n && this.#slow === undefined) return this.#units / FAST_SCALE;
    return this.value.toNumber();
  }
}

/**
 * Exact sum of amounts, returned as a `Decimal`.
 *
 * @example
 * ```ts
 * sumExact([0.1, 0.2, 0.3]).toString() // '0.6'
 * ```
 */
export function sumExact(values: Iterable<number | string | Decimal>): Decimal {
  const fast = new ExactSum();
  // Accumulate what is not a number at a common scale to avoid rescaling on every step.
  let units = 0n;
  let scale = 0;
  for (const v of values) {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`not a finite amount: ${v}`);
      fast.add(v);
      continue;
    }
    const d = Decimal.from(v);
    if (d.scale > scale) {
      units *= 10n ** BigInt(d.scale - scale);
      scale = d.scale;
    }
    units += d.scale === scale ? d.units : d.units * 10n ** BigInt(scale - d.scale);
  }
  return Decimal.ofUnits(units, scale).add(fast.value);
}

/**
 * Rounds a money amount to cents (or `places`) half-even and returns a number.
 *
 * @example
 * ```ts
 * roundMoney(Decimal.from('10.005')) // 10
 * ```
 */
export function roundMoney(value: Decimal | number | string, places = 2): number {
  return Decimal.from(value).round(places).toNumber();
}

/**
 * An amount as people read it: two decimals (half-up), thousands separated, and the currency when
 * given. An undefined or non-finite number prints as ''.
 *
 * @example
 * ```ts
 * formatMoney(1234.5) // '1,234.50'
 * formatMoney(Decimal.from('-0.005'), 'USD') // '-0.01 USD'
 * ```
 */
export function formatMoney(value: Decimal | number | undefined, currency?: string): string {
  if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const rounded = Decimal.from(value).round(2, 'halfUp').toNumber();
  const text = rounded.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${text} ${currency}` : text;
}
