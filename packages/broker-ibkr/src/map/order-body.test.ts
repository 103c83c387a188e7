import { Decimal, parseOrderRequest } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIbModify, toIbOrder, toIbPlacements } from './order-body.ts';

const req = (input: Record<string, unknown>) => parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 10, clientOrderId: 'inv-1', ...input });

describe('core request -> IB order', () => {
  it.each([
    [{}, { orderType: 'MKT', lmtPrice: undefined, auxPrice: undefined }],
    [{ type: 'limit', limitPrice: 150.123456789 }, { orderType: 'LMT', lmtPrice: 150.123457 }],
    [{ type: 'stop', stopPrice: 160 }, { orderType: 'STP', auxPrice: 160 }],
    [{ type: 'stop_limit', stopPrice: 160, limitPrice: 161 }, { orderType: 'STP LMT', auxPrice: 160, lmtPrice: 161 }],
    [{ type: 'trailing_stop', side: 'sell', trailPrice: 2 }, { orderType: 'TRAIL', auxPrice: 2, trailingPercent: undefined }],
    [{ type: 'trailing_stop', side: 'sell', trailPercent: 1.5 }, { orderType: 'TRAIL', auxPrice: undefined, trailingPercent: 1.5 }],
  ])('%j', (input, expected) => {
    const order = toIbOrder(req(input), 'DU1') as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries({ ...expected, totalQuantity: 10, account: 'DU1', orderRef: 'inv-1', transmit: true })) expect(order[field], field).toBe(value);
  });

  it('sends a price as given within 6 places, and rounded exactly to 6 past them', () => {
    const limitPrice = fc.oneof(
      fc.double({ min: 1e-9, max: 1e7, noNaN: true, noDefaultInfinity: true }),
      // 1 to 9 decimal places, around the 6 where rounding starts.
      fc.tuple(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 1, max: 9 })).map(([units, places]) => units / 10 ** places),
      fc.constantFrom(1e-7, 5e-7, 0.1 + 0.2, 1e21),
    ).filter((v) => v > 0);
    fc.assert(fc.property(limitPrice, (v) => {
      const exact = Decimal.from(v);
      expect(toIbOrder(req({ type: 'limit', limitPrice: v }), 'DU1').lmtPrice).toBe(exact.scale <= 6 ? v : exact.round(6).toNumber());
    }), { numRuns: 2_000 });
  });

  it('maps time in force and extended hours', () => {
    expect(toIbOrder(req({ type: 'limit', limitPrice: 1, timeInForce: 'gtc' }), 'DU1').tif).toBe('GTC');
    expect(toIbOrder(req({ type: 'limit', limitPrice: 1, extendedHours: true }), 'DU1')).toMatchObject({ tif: 'DAY', outsideRth: true });
  });

  it('a modify restates the order with the changes', () => {
    const current = toIbOrder(req({ type: 'trailing_stop', side: 'sell', trailPrice: 2 }), 'DU1');
    const modified = toIbModify(current, { trailPercent: 3 });
    expect(modified).toMatchObject({ orderType: 'TRAIL', trailingPercent: 3, orderRef: 'inv-1', transmit: true });
    expect(modified.auxPrice).toBeUndefined();
    expect(toIbModify(toIbOrder(req({ type: 'limit', limitPrice: 1 }), 'DU1'), { quantity: 4, limitPrice: 2, timeInForce: 'ioc' })).toMatchObject({ totalQuantity: 4, lmtPrice: 2, tif: 'IOC' });
  });

  it('a bracket: entry untransmitted, legs on the other side under parentId, the last transmits', () => {
    let id = 10;
    const placements = toIbPlacements(req({ type: 'limit', limitPrice: 100, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95, limitPrice: 94 } }), 'DU1', () => id++);
    expect(placements.map((p) => [p.id, p.order.action, p.order.orderType, p.order.parentId, p.order.transmit, p.order.orderRef, p.link])).toEqual([
      [10, 'BUY', 'LMT', undefined, false, 'inv-1', { orderClass: 'bracket' }],
      [11, 'SELL', 'LMT', 10, false, 'inv-1.tp', { orderClass: 'bracket', parentId: '10' }],
      [12, 'SELL', 'STP LMT', 10, true, 'inv-1.sl', { orderClass: 'bracket', parentId: '10' }],
    ]);
  });

  it('an OTO has one leg, which transmits', () => {
    let id = 1;
    const placements = toIbPlacements(req({ type: 'limit', limitPrice: 100, orderClass: 'oto', stopLoss: { stopPrice: 95 } }), 'DU1', () => id++);
    expect(placements.map((p) => [p.id, p.order.transmit, p.order.parentId])).toEqual([[1, false, undefined], [2, true, 1]]);
  });

  it('an OCO: the take-profit (with the client order id) and the stop share OCA group oco-<tp id>', () => {
    let id = 20;
    const placements = toIbPlacements(req({ side: 'sell', type: 'limit', limitPrice: 120, orderClass: 'oco', takeProfit: { limitPrice: 120 }, stopLoss: { stopPrice: 90 } }), 'DU1', () => id++);
    expect(placements.map((p) => [p.id, p.order.action, p.order.orderType, p.order.ocaGroup, p.order.ocaType, p.order.orderRef, p.order.transmit])).toEqual([
      [20, 'SELL', 'LMT', 'oco-20', 1, 'inv-1', true],
      [21, 'SELL', 'STP', 'oco-20', 1, 'inv-1.sl', true],
    ]);
  });
});
