import { silentLogger, type BrokerError, type Fill, type Order, type OrderUpdate } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { OrderTracker } from './order-tracker.ts';

const T = (s: number): string => new Date(Date.parse('2026-01-02T14:30:00Z') + s * 1000).toISOString();

function order(patch: Partial<Order> = {}): Order {
  return {
    id: 'o-1', clientOrderId: 'c-1', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', orderClass: 'simple',
    status: 'new', quantity: 10, filledQuantity: 0, extendedHours: false, createdAt: T(0), updatedAt: T(0), ...patch,
  };
}
const event = (o: Order): OrderUpdate => {
  const u: OrderUpdate = { kind: 'event', status: o.status, filledQuantity: o.filledQuantity, timestamp: o.updatedAt, quantity: o.quantity! };
  if (o.averageFillPrice !== undefined) u.averageFillPrice = o.averageFillPrice;
  return u;
};

function tracker() {
  const orders: Order[] = [];
  const fills: Fill[] = [];
  const errors: BrokerError[] = [];
  const t = new OrderTracker({ order: (o) => orders.push(o), fill: (f) => fills.push(f), error: (e) => errors.push(e) }, silentLogger);
  return { t, orders, fills, errors };
}

describe('OrderTracker', () => {
  it('emits each fill once per execution, however often the event repeats', () => {
    const { t, orders, fills } = tracker();
    t.report(order());
    const partial = order({ status: 'partially_filled', filledQuantity: 4, averageFillPrice: 100, updatedAt: T(1) });
    t.event(partial, event(partial), { executionId: 'x-1', quantity: 4, price: 100, timestamp: T(1) });
    t.event(partial, event(partial), { executionId: 'x-1', quantity: 4, price: 100, timestamp: T(1) });
    const full = order({ status: 'filled', filledQuantity: 10, averageFillPrice: 100.6, updatedAt: T(2) });
    t.event(full, event(full), { executionId: 'x-2', quantity: 6, price: 101, timestamp: T(2) });
    t.event(full, event(full), { executionId: 'x-2', quantity: 6, price: 101, timestamp: T(2) });
    expect(fills.map((f) => [f.fillId, f.quantity, f.price])).toEqual([['x-1', 4, 100], ['x-2', 6, 101]]);
    expect(orders.map((o) => o.status)).toEqual(['new', 'partially_filled', 'filled']);
  });

  it('a fill seen only in a snapshot is emitted once, at the price the averages imply', () => {
    const { t, fills } = tracker();
    t.report(order({ status: 'partially_filled', filledQuantity: 4, averageFillPrice: 100, updatedAt: T(1) }));
    expect(fills).toHaveLength(1);
    // Filled while the stream was down: 6 more at 101 make the average 100.6.
    t.report(order({ status: 'filled', filledQuantity: 10, averageFillPrice: 100.6, updatedAt: T(5) }));
    expect(fills.at(-1)).toMatchObject({ fillId: 'o-1:reconciled:10', quantity: 6, price: 101 });
    // The late event for those 6 changes nothing.
    const full = order({ status: 'filled', filledQuantity: 10, averageFillPrice: 100.6, updatedAt: T(2) });
    t.event(full, event(full), { executionId: 'x-late', quantity: 6, price: 101, timestamp: T(2) });
    expect(fills).toHaveLength(2);
    expect(fills.reduce((s, f) => s + f.quantity, 0)).toBe(10);
  });

  it('an older snapshot never undoes a newer state', () => {
    const { t, orders } = tracker();
    const filled = order({ status: 'filled', filledQuantity: 10, averageFillPrice: 100, updatedAt: T(3) });
    t.event(filled, event(filled));
    expect(t.report(order({ status: 'pending_new', updatedAt: T(0) })).status).toBe('filled');
    expect(t.report(order({ status: 'new', updatedAt: T(9) })).status).toBe('filled');
    expect(orders).toHaveLength(1);
  });

  it('an out-of-order event is judged as a snapshot instead of breaking the stream', () => {
    const { t, orders, errors } = tracker();
    t.report(order({ status: 'canceled', updatedAt: T(2) }));
    const late = order({ status: 'new', updatedAt: T(1) });
    t.event(late, event(late));
    expect(orders.map((o) => o.status)).toEqual(['canceled']);
    expect(errors).toEqual([]);
  });

  it('links legs to their parent and follows them as orders', () => {
    const { t } = tracker();
    const leg = order({ id: 'leg-1', clientOrderId: 'c-leg', side: 'sell', type: 'limit', limitPrice: 110, status: 'held' });
    t.report(order({ orderClass: 'bracket', legs: [leg] }));
    expect(t.parentOf('leg-1')).toBe('o-1');
    expect(t.get('leg-1')?.parentId).toBe('o-1');
    const live = { ...leg, parentId: undefined, status: 'new' as const, updatedAt: T(1) };
    expect(t.event(live, event(live)).parentId).toBe('o-1');
    expect(t.openIds().sort()).toEqual(['leg-1', 'o-1']);
  });

  it('forgets the oldest finished orders past its capacity (in batches), never a working one', () => {
    const t = new OrderTracker({ order: () => {}, fill: () => {}, error: () => {} }, silentLogger, 3);
    for (let i = 0; i < 5; i++) t.report(order({ id: `o-${i}`, clientOrderId: `c-${i}`, status: i === 4 ? 'new' : 'canceled' }));
    expect(t.size).toBeLessThanOrEqual(4);
    expect(t.get('o-0')).toBeUndefined();
    expect(t.get('o-4')?.status).toBe('new');
  });
});
