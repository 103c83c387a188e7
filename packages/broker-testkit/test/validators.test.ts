import { describe, expect, it } from 'vitest';
import {
  ConformanceFailure,
  expectValidAccount,
  expectValidCapabilities,
  expectValidFill,
  expectValidOrder,
  expectValidPosition,
  expectValidQuote,
} from '../src/index.ts';
import { FULL_CAPABILITIES } from './reference/reference-broker.ts';

const t = '2026-01-02T14:30:00.000Z';
const order = {
  id: 'o1', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', orderClass: 'simple',
  status: 'filled', quantity: 3, filledQuantity: 3, averageFillPrice: 100, extendedHours: false, createdAt: t, updatedAt: t,
} as const;

describe('validators', () => {
  it('accept valid objects', () => {
    expect(() => expectValidOrder(order)).not.toThrow();
    expect(() => expectValidPosition({ symbol: 'AAPL', quantity: -3, side: 'short', averageCost: 100, costBasis: 300 })).not.toThrow();
    expect(() => expectValidAccount({ accountId: 'A', currency: 'USD', cash: 1, buyingPower: 1, portfolioValue: 1, equity: 1, paper: true })).not.toThrow();
    expect(() => expectValidQuote({ symbol: 'AAPL', last: 1, timestamp: t })).not.toThrow();
    expect(() => expectValidFill({ fillId: 'f', orderId: 'o1', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', quantity: 1, price: 1, timestamp: t })).not.toThrow();
    expect(() => expectValidCapabilities(FULL_CAPABILITIES)).not.toThrow();
  });

  it('name the field that is wrong, in a ConformanceFailure', () => {
    expect(() => expectValidOrder({ ...order, filledQuantity: -1 }, 'getOrder(o1)')).toThrow(new ConformanceFailure('getOrder(o1) is not a valid Order: filledQuantity must be 0 or more, got -1'));
    expect(() => expectValidAccount({ accountId: 'A', currency: 'USD', cash: Number.NaN, buyingPower: 1, portfolioValue: 1, equity: 1, paper: true })).toThrow(/cash must be a finite number, got NaN/);
    expect(() => expectValidQuote({ symbol: 'AAPL', timestamp: t })).toThrow(/needs at least one of bid, ask and last/);
    expect(() => expectValidCapabilities({ ...FULL_CAPABILITIES, orderTypes: [] })).toThrow(/orderTypes/);
    expect(() => expectValidFill({ fillId: 'f' })).toThrow(ConformanceFailure);
  });

  it('check what the schema alone cannot', () => {
    expect(() => expectValidOrder({ ...order, filledQuantity: 4 })).toThrow('filledQuantity 4 above its quantity 3');
    expect(() => expectValidOrder({ ...order, filledQuantity: 2 })).toThrow('is filled with only 2 of 3');
    const { averageFillPrice: _p, ...noPrice } = order;
    expect(() => expectValidOrder({ ...noPrice, status: 'partially_filled', filledQuantity: 1 })).toThrow('no averageFillPrice');
    expect(() => expectValidOrder({ ...order, status: 'new', filledQuantity: 0, legs: [{ ...order, id: 'o2', filledQuantity: 9 }] })).toThrow('order.legs[0]: order o2 has filledQuantity 9');
    expect(() => expectValidPosition({ symbol: 'AAPL', quantity: 3, side: 'long', averageCost: 100, costBasis: 250 })).toThrow('costBasis 250 of AAPL is not |quantity| x averageCost = 300');
  });
});
