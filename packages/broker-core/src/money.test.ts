import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, ExactSum, formatMoney, roundMoney, sumExact } from './money.ts';

describe('Decimal', () => {
  it('adds what the caller wrote, not the binary approximation', () => {
    expect(Decimal.from(0.1).add(0.2).toString()).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumExact(Array.from({ length: 10 }, () => 0.1)).toString()).toBe('1');
  });

  it('parses and prints exponents, signs and trailing zeros', () => {
    expect(Decimal.from(1e-7).toString()).toBe('0.0000001');
    expect(Decimal.from('-12.3400').toString()).toBe('-12.34');
    expect(Decimal.from('1.5e3').toString()).toBe('1500');
    expect(Decimal.ofUnits(12345n, 2).toString()).toBe('123.45');
    expect(() => Decimal.from('abc')).toThrow(RangeError);
    expect(() => Decimal.from(Number.NaN)).toThrow(RangeError);
  });

  it('multiplies exactly and rounds half-even or half-up', () => {
    expect(Decimal.from('180.09').mul(37).toString()).toBe('6663.33');
    expect(Decimal.from('2.345').round(2).toString()).toBe('2.34');
    expect(Decimal.from('2.355').round(2).toString()).toBe('2.36');
    expect(Decimal.from('2.345').round(2, 'halfUp').toString()).toBe('2.35');
    expect(Decimal.from('-2.345').round(2, 'halfUp').toString()).toBe('-2.35');
    expect(roundMoney('10.005')).toBe(10);
    expect(Decimal.from(1).div(3, 4).toString()).toBe('0.3333');
    expect(() => Decimal.from(1).div(0)).toThrow(/division by zero/);
  });

  it('sums of cents are exact for any list (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e11, max: 1e11 }), { maxLength: 500 }), (cents) => {
        const amounts = cents.map((c) => c / 100);
        const expected = cents.reduce((a, c) => a + BigInt(c), 0n);
        expect(sumExact(amounts).eq(Decimal.ofUnits(expected, 2))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('ExactSum agrees with Decimal addition for any numbers, fast path or not (property)', () => {
    const amount = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.constantFrom(0.1, 0.2, 0.3, 1e-9, 39_999_999.99999999, 4e7, 5e15, -0),
    );
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 300 }), (values) => {
        const exact = values.reduce((d, v) => d.add(v), Decimal.ZERO);
        const sum = new ExactSum();
        for (const v of values) sum.add(v);
        expect(sum.value.eq(exact)).toBe(true);
        expect(sum.toNumber()).toBe(exact.toNumber());
      }),
      { numRuns: 2000 },
    );
  });

  it('add and sub are inverse and commutative (property)', () => {
    const amount = fc.double({ min: -1e9, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(Decimal.from(a).add(b).sub(b).eq(a)).toBe(true);
        expect(Decimal.from(a).add(b).eq(Decimal.from(b).add(a))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatMoney', () => {
  it('two decimals half-up, separators, currency; nothing for a missing amount', () => {
    expect(formatMoney(1234.5)).toBe('1,234.50');
    expect(formatMoney(Decimal.from('2.675'), 'USD')).toBe('2.68 USD');
    expect(formatMoney(-0.005)).toBe('-0.01');
    expect(formatMoney(undefined)).toBe('');
    expect(formatMoney(Number.NaN)).toBe('');
  });
});
