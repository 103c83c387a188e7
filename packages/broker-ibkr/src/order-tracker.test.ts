import { silentLogger, type Fill, type Order } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { OrderTracker } from './order-tracker.ts';

const T0 = '2026-12-05T14:30:00.000Z';
const T1 = '2026-12-05T14:30:01.000Z';
const order = (over: Partial<Order> = {}): Order => ({
  id: '7', clientOrderId: 'inv-7', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', orderClass: 'simple', status: 'new',
  quantity: 10, filledQuantity: 0, limitPrice: 100, extendedHours: false, createdAt: T0, updatedAt: T0, ...over,
});
const fill = (fillId: string, quantity: number): Fill => ({ fillId, orderId: '7', clientOrderId: 'inv-7', symbol: 'AAPL', side: 'buy', quantity, price: 100, timestamp: T1 });

function tracker(capacity?: number) {
  const orders: Order[] = [];
  const fills: Fill[] = [];
  const forgotten: string[] = [];
  const t = new OrderTracker({ order: (o) => orders.push(o), fill: (f) => fills.push(f), error: () => undefined, forget: (id) => forgotten.push(id) }, silentLogger, capacity);
  return { t, orders, fills, forgotten };
}

describe('order tracker', () => {
  it('counts an execution once', () => {
    const { t, fills } = tracker();
    expect(t.fill(fill('e1', 3))).toBe(true);
    expect(t.fill(fill('e1', 3))).toBe(false);
    expect(fills).toHaveLength(1);
    expect(t.hasExecution('e1')).toBe(true);
  });

  it('a late snapshot never undoes a fill; a modify changes the description', () => {
    const { t, orders } = tracker();
    t.report(order());
    t.event('7', { kind: 'event', status: 'partially_filled', filledQuantity: 4, averageFillPrice: 100, timestamp: T1 });
    expect(t.report(order({ updatedAt: T1 }))).toMatchObject({ status: 'partially_filled', filledQuantity: 4 });
    expect(t.report(order({ limitPrice: 101, status: 'partially_filled', filledQuantity: 4, updatedAt: T1 })).limitPrice).toBe(101);
    expect(orders.map((o) => [o.status, o.filledQuantity, o.limitPrice])).toEqual([['new', 0, 100], ['partially_filled', 4, 100], ['partially_filled', 4, 101]]);
  });

  it('a fill after a cancel is a race the table allows', () => {
    const { t } = tracker();
    t.report(order());
    t.event('7', { kind: 'event', status: 'canceled', filledQuantity: 0, timestamp: T1 });
    expect(t.event('7', { kind: 'event', status: 'filled', filledQuantity: 10, averageFillPrice: 100, timestamp: T1 })?.status).toBe('filled');
  });

  it('finds orders by client order id and forgets the oldest finished ones past its capacity', () => {
    const { t, forgotten } = tracker(2);
    t.report(order({ id: '1', clientOrderId: 'a', status: 'filled', filledQuantity: 10 }));
    t.report(order({ id: '2', clientOrderId: 'b' }));
    t.report(order({ id: '3', clientOrderId: 'c' }));
    expect(forgotten).toEqual(['1']);
    expect(t.byClientOrderId('a')).toBeUndefined();
    expect(t.byClientOrderId('c')?.id).toBe('3');
    expect(t.openIds()).toEqual(['2', '3']);
  });
});
