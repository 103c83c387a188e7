import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderStateError } from '../errors/subclasses.ts';
import { OrderStatus } from '../model/enums.ts';
import type { Order } from '../model/order.ts';
import { applyOrderUpdate, orderReport, type OrderUpdate } from './apply.ts';
import { classifyTransition, isTerminalStatus, ORDER_TRANSITIONS } from './transitions.ts';

const T0 = '2026-11-25T14:30:00.000Z';
const at = (s: number): string => new Date(Date.parse(T0) + s * 1000).toISOString();

function order(patch: Partial<Order> = {}): Order {
  return {
    id: 'o-1', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', orderClass: 'simple',
    status: 'new', quantity: 10, filledQuantity: 0, limitPrice: 100, extendedHours: false, createdAt: T0, updatedAt: T0, ...patch,
  };
}
const ev = (status: OrderUpdate['status'], filledQuantity: number, s = 1, kind: OrderUpdate['kind'] = 'event'): OrderUpdate =>
  ({ kind, status, filledQuantity, timestamp: at(s) });

describe('applyOrderUpdate', () => {
  it('walks the ordinary path new -> partially_filled -> filled', () => {
    let o = order();
    const r1 = applyOrderUpdate(o, { ...ev('partially_filled', 4), averageFillPrice: 99.5 });
    expect(r1).toMatchObject({ kind: 'applied', race: false, order: { status: 'partially_filled', filledQuantity: 4, averageFillPrice: 99.5 } });
    o = (r1 as { order: Order }).order;
    const r2 = applyOrderUpdate(o, ev('filled', 10, 2));
    expect(r2).toMatchObject({ kind: 'applied', order: { status: 'filled', filledQuantity: 10, filledAt: at(2) } });
    expect(o.status).toBe('partially_filled'); // inputs are never mutated
  });

  it('allows a fill that raced a cancel, and says it was a race', () => {
    const canceled = order({ status: 'canceled' });
    expect(applyOrderUpdate(canceled, ev('filled', 10))).toMatchObject({ kind: 'applied', race: true, order: { status: 'filled' } });
  });

  it('refuses a race out of a terminal state that brings no fill', () => {
    expect(() => applyOrderUpdate(order({ status: 'canceled', filledQuantity: 2 }), ev('partially_filled', 2))).toThrow(/without a new fill/);
    expect(applyOrderUpdate(order({ status: 'canceled', filledQuantity: 2 }), ev('partially_filled', 2, 5, 'report')).kind).toBe('stale');
  });

  it('allows a failed cancel to return to working', () => {
    expect(applyOrderUpdate(order({ status: 'pending_cancel' }), ev('new', 0))).toMatchObject({ kind: 'applied', race: true });
  });

  it.each([
    ['filled above the quantity', order(), ev('partially_filled', 11)],
    ['filled with less than the quantity', order(), ev('filled', 9)],
    ['fills going backwards', order({ status: 'partially_filled', filledQuantity: 5 }), ev('partially_filled', 3)],
    ['leaving filled', order({ status: 'filled', filledQuantity: 10 }), ev('new', 10)],
    ['leaving rejected', order({ status: 'rejected' }), ev('new', 0)],
    ['canceled back to new', order({ status: 'canceled' }), ev('new', 0)],
    ['fills on a new status', order(), ev('new', 2)],
    ['a negative fill', order(), ev('partially_filled', -1)],
  ])('refuses an event %s', (_name, o, update) => {
    expect(() => applyOrderUpdate(o, update)).toThrow(OrderStateError);
  });

  it('ignores a stale snapshot instead of undoing a newer fill', () => {
    const o = order({ status: 'partially_filled', filledQuantity: 6, updatedAt: at(10) });
    expect(applyOrderUpdate(o, ev('new', 0, 5, 'report'))).toMatchObject({ kind: 'stale', order: o });
    expect(applyOrderUpdate(o, ev('partially_filled', 4, 20, 'report'))).toMatchObject({ kind: 'stale' });
    expect(applyOrderUpdate(o, ev('canceled', 6, 5, 'report'))).toMatchObject({ kind: 'stale' });
    expect(applyOrderUpdate(o, ev('filled', 10, 20, 'report'))).toMatchObject({ kind: 'applied', order: { status: 'filled' } });
  });

  it('reports a repeat as unchanged', () => {
    const o = order({ status: 'partially_filled', filledQuantity: 6 });
    expect(applyOrderUpdate(o, ev('partially_filled', 6)).kind).toBe('unchanged');
    // A repeated stream event that restates the quantity is still a repeat.
    expect(applyOrderUpdate(o, { ...ev('partially_filled', 6), quantity: 10 }).kind).toBe('unchanged');
    expect(applyOrderUpdate(o, { ...ev('partially_filled', 6), quantity: 12 }).kind).toBe('applied');
  });

  it('every status has a row in the table, and terminal rows are empty', () => {
    for (const s of OrderStatus.options) {
      expect(ORDER_TRANSITIONS[s]).toBeDefined();
      if (isTerminalStatus(s)) expect(ORDER_TRANSITIONS[s]).toEqual([]);
    }
  });
});

describe('applyOrderUpdate properties', () => {
  const update = fc.record({
    kind: fc.constantFrom<'event' | 'report'>('event', 'report'),
    status: fc.constantFrom(...OrderStatus.options),
    fill: fc.integer({ min: 0, max: 15 }),
    dt: fc.integer({ min: -5, max: 10 }),
  });

  it('random event sequences never overfill and never leave a terminal state except by a race', () => {
    let applied = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(update, { minLength: 1, maxLength: 40 }), (steps) => {
        let o = order({ status: 'pending_new' });
        let clock = 0;
        for (const step of steps) {
          clock += step.dt;
          const before = o;
          let r;
          try {
            r = applyOrderUpdate(o, { kind: step.kind, status: step.status, filledQuantity: step.fill, timestamp: at(clock) });
          } catch (error) {
            expect(error).toBeInstanceOf(OrderStateError);
            refused += 1;
            continue;
          }
          o = r.order;
          if (r.kind === 'applied') applied += 1;
          expect(o.filledQuantity).toBeLessThanOrEqual(o.quantity!);
          expect(o.filledQuantity).toBeGreaterThanOrEqual(before.filledQuantity);
          if (o.status === 'filled') expect(o.filledQuantity).toBe(o.quantity);
          if (isTerminalStatus(before.status) && o.status !== before.status) {
            expect(classifyTransition(before.status, o.status)).toBe('race');
          }
          if (r.kind !== 'applied') expect(o).toBe(before);
        }
      }),
      { numRuns: 5000 },
    );
    expect(applied).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });
});

describe('orderReport', () => {
  it('is the order as a report: its state, fills, quantity and time', () => {
    const order = { status: 'partially_filled', filledQuantity: 3, averageFillPrice: 10.5, quantity: 5, updatedAt: '2026-12-05T10:00:00.000Z', raw: { a: 1 } } as Order;
    expect(orderReport(order)).toEqual({ kind: 'report', status: 'partially_filled', filledQuantity: 3, averageFillPrice: 10.5, quantity: 5, timestamp: '2026-12-05T10:00:00.000Z', raw: { a: 1 } });
    expect(orderReport({ ...order, averageFillPrice: undefined, quantity: undefined })).not.toHaveProperty('quantity');
  });
});
