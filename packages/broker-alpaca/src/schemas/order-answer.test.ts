import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlpacaOrderAnswerListSchema, AlpacaOrderAnswerSchema, isAlpacaOrder } from './order-answer.ts';
import { AlpacaOrderSchema } from './order.ts';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8'));
const bracket = fixture('alpaca-order-bracket.json');
const trailing = fixture('alpaca-order-trailing.json');
const fromStream = (fixture('trade-update-partial-fill.json') as { data: { order: Record<string, unknown> } }).data.order;

/** Values a field may get: good ones of every kind the schema knows, and wrong ones. */
const anyValue = fc.oneof(
  fc.constantFrom(null, undefined, '', 'x', '12.5', '-3', '.5', '1e5', 'NaN', '2026-01-02T14:30:00.123456Z', '2026-01-02T09:30:00-05:00', '2026-02-30T00:00:00Z', 'yesterday'),
  fc.constantFrom('buy', 'sell', 'limit', 'market', 'trailing_stop', 'day', 'gtc', 'filled', 'held', 'accepted', 'bogus'),
  fc.boolean(),
  fc.integer(),
  fc.constant([]),
  fc.constant({}),
);
const KEYS = [...Object.keys(bracket), 'legs'];
/** A real order with some fields replaced or removed. */
const mutated = fc.tuple(fc.constantFrom(bracket, trailing, fromStream), fc.array(fc.tuple(fc.constantFrom(...KEYS), anyValue, fc.boolean()), { maxLength: 4 }))
  .map(([base, changes]) => {
    const order: Record<string, unknown> = structuredClone(base);
    for (const [key, value, remove] of changes) {
      if (remove) delete order[key];
      else order[key] = value;
    }
    return order;
  });

describe('isAlpacaOrder (the fast path of the order answers)', () => {
  it('takes the contract fixtures, legs included', () => {
    for (const order of [bracket, trailing, fromStream]) expect(isAlpacaOrder(order)).toBe(true);
    expect((bracket.legs as unknown[]).length).toBeGreaterThan(0);
  });

  it('never takes what AlpacaOrderSchema refuses, and takes what it keeps unchanged (property)', () => {
    let fast = 0;
    fc.assert(
      fc.property(mutated, (order) => {
        const full = AlpacaOrderSchema.safeParse(order);
        if (isAlpacaOrder(order)) {
          fast++;
          expect(full.success).toBe(true);
          expect(full.data).toEqual(order);
        }
        // Either way the answer schema gives the schema's verdict, issues included.
        const answer = AlpacaOrderAnswerSchema.safeParse(order);
        expect(answer.success).toBe(full.success);
        if (!full.success) expect(answer.error!.issues.map((i) => [i.path, i.message])).toEqual(full.error.issues.map((i) => [i.path, i.message]));
      }),
      { numRuns: 3000 },
    );
    // The property is not vacuous: a good share of the runs took the fast path.
    expect(fast).toBeGreaterThan(300);
  });

  it('refuses a bad leg, and a list names the element and field', () => {
    const badLeg = structuredClone(bracket);
    (badLeg.legs as Record<string, unknown>[])[1]!.status = 'bogus';
    expect(isAlpacaOrder(badLeg)).toBe(false);
    const list = AlpacaOrderAnswerListSchema.safeParse([trailing, badLeg]);
    expect(list.success).toBe(false);
    expect(list.error!.issues[0]!.path).toEqual([1, 'legs', 1, 'status']);
  });
});
