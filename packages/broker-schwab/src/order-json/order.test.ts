import { OrderSchema, parseOrderRequest, type Order } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { orderIdFromLocation } from './location.ts';
import { fromOrderJson } from './order.ts';
import { pickRecentOrder } from './recent-match.ts';
import { replacementRequest } from './replacement.ts';
import { OrderJsonSchema } from './schema.ts';

const raw = (fields: Record<string, unknown> = {}) =>
  OrderJsonSchema.parse({
    session: 'NORMAL', duration: 'DAY', orderType: 'LIMIT', quantity: 10, filledQuantity: 0, price: 150.25, orderStrategyType: 'SINGLE',
    orderId: 1000001234, status: 'WORKING', enteredTime: '2026-03-02T15:00:00+0000',
    orderLegCollection: [{ instruction: 'BUY', quantity: 10, instrument: { assetType: 'EQUITY', symbol: 'AAPL' } }],
    ...fields,
  });

describe('fromOrderJson', () => {
  it('maps a working limit to a schema-valid core order with the client id this process gave it', () => {
    const order = fromOrderJson(raw(), { broker: 'schwab', clientOrderIdOf: (id) => (id === '1000001234' ? 'inv-1' : undefined) });
    expect(OrderSchema.parse(order)).toMatchObject({
      id: '1000001234', clientOrderId: 'inv-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', status: 'new',
      quantity: 10, limitPrice: 150.25, createdAt: '2026-03-02T15:00:00.000Z',
    });
  });

  it('follows the fills while WORKING, and averages execution legs exactly', () => {
    const order = fromOrderJson(raw({
      filledQuantity: 3,
      orderActivityCollection: [
        { activityType: 'EXECUTION', executionLegs: [{ price: 150.1, quantity: 1 }] },
        { activityType: 'EXECUTION', executionLegs: [{ price: 150.2, quantity: 2 }] },
      ],
    }), { broker: 'schwab' });
    expect(order).toMatchObject({ status: 'partially_filled', filledQuantity: 3, averageFillPrice: 150.166667, clientOrderId: '1000001234' });
  });

  it.each([['QUEUED', 'accepted'], ['FILLED', 'filled'], ['CANCELED', 'canceled'], ['REPLACED', 'replaced'], ['REJECTED', 'rejected'], ['PENDING_CANCEL', 'pending_cancel'], ['AWAITING_PARENT_ORDER', 'held']])(
    'status %s reads as %s', (status, core) => {
      expect(fromOrderJson(raw({ status }), { broker: 'schwab' }).status).toBe(core);
    });

  it('reads a trailing stop by value as trailPrice and by percent as trailPercent; a sell instruction as sell', () => {
    const base = { orderType: 'TRAILING_STOP', price: undefined, stopPriceLinkBasis: 'BID', stopPriceOffset: 2.5 };
    const leg = [{ instruction: 'SELL', quantity: 10, instrument: { symbol: 'AAPL' } }];
    expect(fromOrderJson(raw({ ...base, stopPriceLinkType: 'VALUE', orderLegCollection: leg }), { broker: 'td' })).toMatchObject({ side: 'sell', type: 'trailing_stop', trailPrice: 2.5 });
    expect(fromOrderJson(raw({ ...base, stopPriceLinkType: 'PERCENT' }), { broker: 'td' }).trailPercent).toBe(2.5);
  });

  it('maps a TRIGGER with an OCO child as a bracket whose two exits are legs', () => {
    const exit = (orderId: number, orderType: string, more: Record<string, unknown>) => ({
      orderId, orderType, duration: 'DAY', session: 'NORMAL', quantity: 10, status: 'AWAITING_PARENT_ORDER', orderStrategyType: 'SINGLE', enteredTime: '2026-03-02T15:00:00+0000',
      orderLegCollection: [{ instruction: 'SELL', quantity: 10, instrument: { symbol: 'AAPL' } }], ...more,
    });
    const order = fromOrderJson(raw({ orderStrategyType: 'TRIGGER', childOrderStrategies: [{ orderStrategyType: 'OCO', childOrderStrategies: [exit(2, 'LIMIT', { price: 165 }), exit(3, 'STOP', { stopPrice: 140 })] }] }), { broker: 'schwab' });
    expect(order.orderClass).toBe('bracket');
    expect(order.legs?.map((l) => [l.id, l.type, l.parentId, l.status])).toEqual([['2', 'limit', '1000001234', 'held'], ['3', 'stop', '1000001234', 'held']]);
  });
});

describe('orderIdFromLocation', () => {
  it('reads the id of an order under this account', () => {
    expect(orderIdFromLocation('https://api.schwabapi.com/trader/v1/accounts/ABC/orders/1000001234', 'ABC', 'schwab')).toBe('1000001234');
  });
  it.each([[null, /no Location/], ['https://x/accounts/OTHER/orders/1', /another account/], ['https://x/accounts/ABC/positions', /names no order/]])(
    '%s: a protocol error with outcome unknown (%s)', (location, why) => {
      expect(() => orderIdFromLocation(location, 'ABC', 'schwab')).toThrow(why);
      try {
        orderIdFromLocation(location, 'ABC', 'schwab');
      } catch (error) {
        expect(error).toMatchObject({ code: 'PROTOCOL', outcome: 'unknown' });
      }
    });
});

describe('pickRecentOrder', () => {
  const req = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 10, type: 'limit', limitPrice: 150.25 });
  const sentAt = Date.parse('2026-03-02T15:00:00Z');
  const at = (iso: string, fields: Record<string, unknown> = {}, id = 1000001234): Order => fromOrderJson(raw({ enteredTime: iso, orderId: id, ...fields }), { broker: 'schwab' });

  it('finds the one order entered since the send that matches every field', () => {
    const orders = [at('2026-03-02T15:00:01+0000'), at('2026-03-02T15:00:01+0000', { price: 150.26 }, 2), at('2026-03-02T14:50:00+0000', {}, 3)];
    expect(pickRecentOrder(orders, req, { sentAt, skewMs: 5000 }, 'schwab')?.id).toBe('1000001234');
  });
  it('skips orders this process already knows', () => {
    expect(pickRecentOrder([at('2026-03-02T15:00:01+0000')], req, { sentAt, skewMs: 5000, known: new Set(['1000001234']) }, 'schwab')).toBeUndefined();
  });
  it('refuses to guess between two candidates', () => {
    expect(() => pickRecentOrder([at('2026-03-02T15:00:01+0000'), at('2026-03-02T15:00:02+0000', {}, 2)], req, { sentAt, skewMs: 5000 }, 'schwab')).toThrow(/2 recent orders/);
  });
});

describe('replacementRequest', () => {
  it('is the working order with the changes laid over it', () => {
    const current = fromOrderJson(raw(), { broker: 'schwab' });
    expect(replacementRequest(current, { limitPrice: 151, quantity: 5 }, 'inv-r', 'schwab')).toMatchObject({
      symbol: 'AAPL', side: 'buy', type: 'limit', quantity: 5, limitPrice: 151, timeInForce: 'day', orderClass: 'simple', clientOrderId: 'inv-r',
    });
  });
});
