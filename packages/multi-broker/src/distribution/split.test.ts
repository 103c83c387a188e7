import fc from 'fast-check';
import { InvalidOrderError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { splitQuantity } from './split.ts';

const w = (...weights: number[]) => weights.map((weight, i) => ({ name: `b${i}`, weight }));
const qty = (legs: { quantity: number }[]) => legs.map((l) => l.quantity);

describe('splitQuantity', () => {
  it('splits evenly and hands the remainder to the largest remainders, earlier first on ties', () => {
    expect(qty(splitQuantity(10, w(1, 1, 1)))).toEqual([4, 3, 3]);
    expect(qty(splitQuantity(100, w(0.5, 0.3, 0.2)))).toEqual([50, 30, 20]);
    expect(qty(splitQuantity(7, w(0.5, 0.3, 0.2)))).toEqual([4, 2, 1]); // 3.5, 2.1, 1.4 -> 3,2,1 + the .5
    expect(qty(splitQuantity(1, w(1, 1)))).toEqual([1, 0]);
  });

  it('gives nothing to a zero weight', () => {
    expect(qty(splitQuantity(9, w(0, 2, 1)))).toEqual([0, 6, 3]);
  });

  it('splits in fractional steps when given one', () => {
    expect(qty(splitQuantity(1, w(1, 1, 1), 0.01))).toEqual([0.34, 0.33, 0.33]);
    expect(() => splitQuantity(1.005, w(1, 1), 0.01)).toThrow(/not a multiple of 0.01/);
  });

  it('refuses bad input with a typed error naming the field', () => {
    expect(() => splitQuantity(-5, w(1))).toThrow(InvalidOrderError);
    expect(() => splitQuantity(5, w(0, 0))).toThrow(/every weight is 0/);
    expect(() => splitQuantity(5, w(1, -1))).toThrow(/weight of b1: must be 0 or more, got -1/);
    expect(() => splitQuantity(5, w(1, Number.NaN))).toThrow(/got NaN/);
  });

  it('for any weights and quantity: sums exactly, each leg within one unit of its exact share, deterministic (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: 1, maxLength: 10 }),
        fc.constantFrom(1, 0.1, 0.001),
        (units, weights, unit) => {
          fc.pre(weights.some((x) => x > 0));
          const quantity = Number((units * unit).toFixed(3));
          const targets = w(...weights);
          const legs = splitQuantity(quantity, targets, unit);
          const totalUnits = legs.reduce((a, l) => a + Math.round(l.quantity / unit), 0);
          expect(totalUnits).toBe(Math.round(quantity / unit));
          for (const leg of legs) {
            expect(Math.abs(leg.quantity - leg.exact)).toBeLessThan(unit * (1 + 1e-9));
            expect(Math.abs(leg.quantity / unit - Math.round(leg.quantity / unit))).toBeLessThan(1e-6);
          }
          legs.forEach((leg, i) => {
            if (targets[i]!.weight === 0) expect(leg.quantity).toBe(0);
          });
          expect(splitQuantity(quantity, targets, unit)).toEqual(legs);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
