import fc from 'fast-check';
import { expect, test } from 'vitest';
import { PriceHeap } from './price-heap.ts';

test('pops by key, then by seq (price, then time priority), through pushes, pops and sweeps', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.boolean(), fc.boolean()), { maxLength: 300 }), (ops) => {
      const heap = new PriceHeap<number>();
      let model: { key: number; seq: number }[] = [];
      let seq = 0;
      for (const [key, pop, sweep] of ops) {
        if (pop) {
          model.sort((a, b) => a.key - b.key || a.seq - b.seq);
          const want = model.shift();
          const got = heap.pop();
          expect(got && { key: got.key, seq: got.seq }).toEqual(want);
        } else {
          heap.push(key, seq, seq);
          model.push({ key, seq });
          seq++;
        }
        if (sweep) {
          heap.retain((e) => e.seq % 3 !== 0);
          model = model.filter((e) => e.seq % 3 !== 0);
        }
        expect(heap.size).toBe(model.length);
      }
    }),
  );
});
