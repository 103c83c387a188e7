import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, ExactSum, ExactSumColumn, roundMoney, sumExact } from './money.ts';

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

  it('ExactSumColumn: every row agrees with Decimal addition, fast path, overflow or not (property)', () => {
    const amount = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.constantFrom(0.1, 0.2, 39_999_999.99999999, -39_999_999.99999999, 4e7, 1e-9, -0),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.nat(4), amount), { maxLength: 300 }), (rows, adds) => {
        const column = new ExactSumColumn(rows % 3); // grows past its capacity
        const expected = Array.from({ length: rows }, () => Decimal.ZERO);
        for (const [r, v] of adds) {
          const row = r % rows;
          column.add(row, v);
          expected[row] = expected[row]!.add(v);
        }
        for (let row = 0; row < rows; row++) {
          expect(column.value(row).eq(expected[row]!)).toBe(true);
          expect(column.toNumber(row)).toBe(expected[row]!.toNumber());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('ExactSumColumn.reserve: keeps every row it had, opens new rows at 0, and refuses a bad count naming it', () => {
    const column = new ExactSumColumn(2);
    column.add(1, 0.1);
    column.add(1, 0.2);
    column.reserve(1); // never shrinks
    column.reserve(100);
    expect(column.toNumber(1)).toBe(0.3);
    expect(column.toNumber(99)).toBe(0);
    column.add(99, 1.25);
    expect(column.value(99).toString()).toBe('1.25');
    expect(() => column.reserve(-1)).toThrow(/reserve rows must be a whole number >= 0, got -1/);
    expect(() => column.reserve(2.5)).toThrow(/got 2.5/);
  });

  it('ExactSumColumn: a row that would pass 2^53 counts of 10^-8 stays exact', () => {
    const column = new ExactSumColumn(1);
    // 29,999,999.99999999 is 2,999,999,999,999,999 counts (odd, on the fast path); four of them
    // pass 2^53, where a double can no longer hold an odd count.
    for (let i = 0; i < 200; i++) column.add(0, 29_999_999.99999999);
    expect(column.value(0).toString()).toBe('5999999999.999998');
  });

  it('ExactSumColumn: grows to any whole row, reads 0 from rows never added to, and refuses other rows naming the value', () => {
    const column = new ExactSumColumn(1);
    column.add(1000, 2.5);
    expect(column.toNumber(1000)).toBe(2.5);
    expect(column.toNumber(999)).toBe(0);
    expect(column.toNumber(5000)).toBe(0);
    expect(column.value(5000).toString()).toBe('0');
    expect(() => new ExactSumColumn(-1)).toThrow(/capacity must be a whole number >= 0, got -1/);
    expect(() => column.add(-1, 1)).toThrow(/row must be a whole number >= 0, got -1/);
    expect(() => column.add(0.5, 1)).toThrow(/got 0.5/);
    expect(() => column.add(Number.NaN, 1)).toThrow(/got NaN/);
    expect(() => column.add(0, Number.NaN)).toThrow(/not a finite amount: NaN/);
    expect(() => column.add(0, Infinity)).toThrow(/not a finite amount: Infinity/);
    expect(() => column.toNumber(-3)).toThrow(/got -3/);
    expect(() => column.value(1.5)).toThrow(/got 1.5/);
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
