import { readFileSync } from 'node:fs';
import { OrderSchema } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { AlpacaOrderSchema, AlpacaOrderStatus } from '../schemas/order.ts';
import { ALPACA_STATUS, toCoreOrder } from './order.ts';

const raw = (name: string) => AlpacaOrderSchema.parse(JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')));

describe('toCoreOrder', () => {
  it('maps a filled bracket with its legs, numbers from strings, timestamps to UTC milliseconds', () => {
    const order = toCoreOrder(raw('alpaca-order-bracket.json'));
    expect(OrderSchema.parse(order)).toBeTruthy();
    expect(order).toMatchObject({
      id: '0b6c3a52-6a0f-4d42-9d8e-3f4f2f1a7c10', clientOrderId: 'inv-7Qm2brk', symbol: 'AAPL', side: 'buy', type: 'market',
      timeInForce: 'day', orderClass: 'bracket', status: 'filled', quantity: 3, filledQuantity: 3, averageFillPrice: 100.01,
      extendedHours: false, createdAt: '2026-01-02T14:30:00.120Z', updatedAt: '2026-01-02T14:30:00.250Z', filledAt: '2026-01-02T14:30:00.250Z',
    });
    expect(order.legs?.map((l) => [l.type, l.side, l.limitPrice ?? l.stopPrice, l.status, l.parentId])).toEqual([
      ['limit', 'sell', 110, 'new', order.id],
      ['stop', 'sell', 90.5, 'held', order.id],
    ]);
    expect(order.raw).toMatchObject({ position_intent: 'buy_to_open' });
    expect('limitPrice' in order).toBe(false);
  });

  it('maps a fractional trailing stop done for the day: working, by percent, replacing another', () => {
    const order = toCoreOrder(raw('alpaca-order-trailing.json'));
    expect(order).toMatchObject({ orderClass: 'simple', status: 'new', quantity: 0.5, trailPercent: 2, stopPrice: 97.02, replaces: 'f0e1d2c3-b4a5-4968-8776-655443322110' });
    expect(order.updatedAt).toBe(order.createdAt);
  });

  it('has a core status for every Alpaca status; paused ones follow the fills', () => {
    expect(Object.keys(ALPACA_STATUS).sort()).toEqual([...AlpacaOrderStatus.options].sort());
    const base = raw('alpaca-order-trailing.json');
    const at = (status: string, filled: string) => toCoreOrder({ ...base, status: status as never, filled_qty: filled }).status;
    expect([at('done_for_day', '0'), at('done_for_day', '0.2'), at('calculated', '0.5'), at('stopped', '0')]).toEqual(['new', 'partially_filled', 'filled', 'new']);
    expect([at('accepted_for_bidding', '0'), at('suspended', '0'), at('pending_replace', '0')]).toEqual(['accepted', 'held', 'pending_replace']);
  });

  it('refuses a status Alpaca does not document (order states stay strict)', () => {
    expect(AlpacaOrderSchema.safeParse({ ...raw('alpaca-order-trailing.json'), status: 'teleported' }).success).toBe(false);
  });

  it('reads an unknown order class (options multi-leg) as simple and keeps it in raw', () => {
    const order = toCoreOrder({ ...raw('alpaca-order-trailing.json'), order_class: 'mleg' });
    expect(order.orderClass).toBe('simple');
    expect((order.raw as { order_class: string }).order_class).toBe('mleg');
  });
});
