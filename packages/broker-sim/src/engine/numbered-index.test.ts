import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberedIndex, numberedId } from './numbered-index.ts';
import { OrderMap } from './order-map.ts';
import type { SimOrder } from './sim-order.ts';

// Ids a run may see: the series in order, far ahead of it, near-misses of its form, and others.
const id = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((n) => numberedId('ord-', n)),
  fc.integer({ min: 2_000, max: 3_000 }).map((n) => numberedId('ord-', n)),
  fc.integer({ min: 1_000_000, max: 1_000_010 }).map((n) => numberedId('ord-', n)),
  fc.constantFrom('ord-00001', 'ord-0000001', 'ord-000000', 'ord-01000000', 'sim-000001', 'x', 'ord-00000a'),
  fc.string({ maxLength: 12 }),
);

describe('NumberedIndex and OrderMap behave like a Map', () => {
  it('for any sequence of sets and gets (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), id), { maxLength: 200 }), (ops) => {
        const map = new Map<string, SimOrder>();
        const index = new NumberedIndex<SimOrder>('ord-');
        const orders = new OrderMap();
        ops.forEach(([write, key], i) => {
          if (write) {
            const value = { id: `${key}#${i}` } as unknown as SimOrder;
            map.set(key, value);
            index.set(key, value);
            orders.set(key, value);
          }
          expect(index.get(key)).toBe(map.get(key));
          expect(orders.get(key)).toBe(map.get(key));
          expect(orders.has(key)).toBe(map.has(key));
        });
        expect(orders.size).toBe(map.size);
        expect([...orders.values()]).toEqual([...map.values()]);
        for (let n = 1; n <= 40; n++) expect(index.getNumbered(n)).toBe(map.get(numberedId('ord-', n)));
      }),
      { numRuns: 1000 },
    );
  });
});
