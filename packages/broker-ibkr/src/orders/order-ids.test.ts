import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ibkrOrderId, OrderIds } from './order-ids.ts';

describe('order ids', () => {
  it('start at nextValidId and stay above every id seen', () => {
    const ids = new OrderIds();
    expect(() => ids.take()).toThrow(/nextValidId/);
    ids.nextValid(100);
    expect(ids.take()).toBe(100);
    ids.seen(140);
    expect(ids.take()).toBe(141);
    ids.nextValid(50); // a TWS that came back with a lower next id
    expect(ids.take()).toBe(142);
    ids.nextValid(500); // or a higher one
    expect(ids.take()).toBe(500);
  });

  it('whatever TWS announces and reports, no id is handed out twice or at or below one seen', () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant('next' as const), id: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({ kind: fc.constant('seen' as const), id: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({ kind: fc.constant('take' as const) }),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.array(event, { maxLength: 200 }), (first, events) => {
      const ids = new OrderIds();
      ids.nextValid(first);
      const taken = new Set<number>();
      let highestSeen = 0;
      for (const e of events) {
        if (e.kind === 'next') ids.nextValid(e.id);
        else if (e.kind === 'seen') {
          ids.seen(e.id);
          highestSeen = Math.max(highestSeen, e.id);
        } else {
          const id = ids.take();
          expect(taken.has(id)).toBe(false);
          expect(id).toBeGreaterThan(highestSeen);
          taken.add(id);
        }
      }
    }));
  });

  it('reads an order id from text: positive 32-bit integers only, anything else is no such order', () => {
    expect(ibkrOrderId('12')).toBe(12);
    expect(ibkrOrderId('2147483647')).toBe(2_147_483_647);
    for (const bad of ['0', '-1', '1.5', '2147483648', '', 'abc', '01x', '99999999999']) {
      expect(() => ibkrOrderId(bad), bad).toThrow(/IB order ids are positive integers/);
    }
  });
});
