import { Decimal } from '@invest/broker-core';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { SimOrder } from './sim-order.ts';
import { TrailingSide } from './trailing-index.ts';

function order(seq: number, trail: { trailPrice?: number; trailPercent?: number }): SimOrder {
  return {
    order: { id: `o${seq}`, clientOrderId: `c${seq}`, symbol: 'X', side: 'sell', type: 'trailing_stop', timeInForce: 'gtc', orderClass: 'simple', status: 'new', filledQuantity: 0, extendedHours: false, createdAt: '', updatedAt: '', ...trail },
    seq, role: 'entry', legIds: [], filled: Decimal.ZERO, value: Decimal.ZERO, commission: Decimal.ZERO, triggered: false, gen: 1, slot: 'trailing', claim: undefined, openAt: -1, sellPart: undefined,
  };
}

/** The obvious O(n)-per-tick version, in exact decimals: every order keeps its own water mark. */
class Naive {
  readonly live = new Map<SimOrder, Decimal>();
  constructor(readonly dir: 1 | -1) {}
  add(o: SimOrder, mark: number): void {
    this.live.set(o, Decimal.from(mark));
  }
  update(price: number): SimOrder[] {
    const p = Decimal.from(price);
    const fired: SimOrder[] = [];
    for (const [o, mark] of this.live) {
      const m = (this.dir === 1 ? p.cmp(mark) > 0 : p.cmp(mark) < 0) ? p : mark;
      this.live.set(o, m);
      const t = o.order;
      const stop = t.trailPrice !== undefined ? m.sub(t.trailPrice * this.dir) : m.mul(Decimal.from(1).sub(Decimal.from(t.trailPercent as number).mul('0.01').mul(this.dir)));
      if (this.dir === 1 ? p.cmp(stop) <= 0 : p.cmp(stop) >= 0) {
        fired.push(o);
        this.live.delete(o);
      }
    }
    return fired;
  }
}

for (const dir of [1, -1] as const) {
  test(`${dir === 1 ? 'sell' : 'buy'} side: the indexed water marks fire exactly what per-order marks fire`, () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('tick' as const), cents: fc.integer({ min: 9_000, max: 11_000 }) }),
            fc.record({ kind: fc.constant('add' as const), byPrice: fc.boolean(), amount: fc.integer({ min: 1, max: 500 }) }),
            fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
          ),
          { maxLength: 250 },
        ),
        (ops) => {
          const side = new TrailingSide(dir);
          const naive = new Naive(dir);
          let price = 100;
          let seq = 0;
          for (const op of ops) {
            if (op.kind === 'tick') {
              price = op.cents / 100;
              const a = side.update(price).map((o) => o.seq).sort((x, y) => x - y);
              const b = naive.update(price).map((o) => o.seq).sort((x, y) => x - y);
              expect(a).toEqual(b);
              for (const [o, mark] of naive.live) expect(Decimal.from(side.markOf(o) as number).eq(mark)).toBe(true);
            } else if (op.kind === 'add') {
              const o = order(seq++, op.byPrice ? { trailPrice: op.amount / 100 } : { trailPercent: op.amount / 100 });
              side.add(o, price);
              naive.add(o, price);
            } else {
              const live = [...naive.live.keys()];
              const o = live[op.pick % Math.max(1, live.length)];
              if (!o) continue;
              o.gen += 1;
              side.remove(o);
              naive.live.delete(o);
            }
          }
          expect(side.size).toBe(naive.live.size);
        },
      ),
      { numRuns: 200 },
    );
  });
}
