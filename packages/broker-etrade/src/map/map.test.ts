import { describe, expect, it } from 'vitest';
import { EtradeOrderDetailSchema } from '../schemas/order.ts';
import { EtradePositionSchema } from '../schemas/portfolio.ts';
import { toCoreOrder } from './order.ts';
import { toCorePosition } from './position.ts';

const detail = (over: Record<string, unknown>) =>
  EtradeOrderDetailSchema.parse({
    placedTime: 1582571271171,
    status: 'OPEN',
    orderTerm: 'GOOD_FOR_DAY',
    priceType: 'STOP_LIMIT',
    limitPrice: 1.34,
    stopPrice: 1.36,
    marketSession: 'REGULAR',
    Instrument: { orderAction: 'SELL', quantityType: 'QUANTITY', orderedQuantity: 53, filledQuantity: 0, Product: { symbol: 'cocp', securityType: 'EQ' } },
    ...over,
  });
const ctx = { orderId: '676', now: 0 };

describe('toCoreOrder', () => {
  it('reads a recorded list detail (lone Instrument object, orderedQuantity, ms times)', () => {
    expect(toCoreOrder(detail({}), ctx)).toMatchObject({
      id: '676', clientOrderId: 'etrade-676', symbol: 'COCP', side: 'sell', type: 'stop_limit', timeInForce: 'day', status: 'new',
      quantity: 53, filledQuantity: 0, limitPrice: 1.34, stopPrice: 1.36, createdAt: '2020-02-24T19:07:51.171Z', extendedHours: false,
    });
  });

  it.each([
    ['EXECUTED', 'filled'], ['CANCELLED', 'canceled'], ['CANCEL_REQUESTED', 'pending_cancel'], ['EXPIRED', 'expired'],
    ['REJECTED', 'rejected'], ['PARTIAL', 'partially_filled'], ['INDIVIDUAL_FILLS', 'partially_filled'],
  ] as const)('status %s is %s', (status, expected) => {
    expect(toCoreOrder(detail({ status }), ctx).status).toBe(expected);
  });

  it('an OPEN order with fills is partially filled; a cancelled one replaced by a change is replaced', () => {
    const partial = detail({ Instrument: [{ orderAction: 'BUY', orderedQuantity: 10, filledQuantity: 4, averageExecutionPrice: 1.3, Product: { symbol: 'X' } }] });
    expect(toCoreOrder(partial, ctx)).toMatchObject({ status: 'partially_filled', filledQuantity: 4, averageFillPrice: 1.3, side: 'buy' });
    expect(toCoreOrder(detail({ status: 'CANCELLED', replacedByOrderId: 677 }), ctx).status).toBe('replaced');
    expect(toCoreOrder(detail({ replacesOrderId: 675 }), ctx).replaces).toBe('675');
  });

  it('reads trailing stops by amount and by percent, and refuses an unknown status', () => {
    expect(toCoreOrder(detail({ priceType: 'TRAILING_STOP_PRCT', offsetType: 'TRAILING_STOP_PRCT', offsetValue: 5, limitPrice: 0, stopPrice: 0 }), ctx)).toMatchObject({ type: 'trailing_stop', trailPercent: 5 });
    const amount = toCoreOrder(detail({ priceType: 'TRAILING_STOP_CNST', offsetValue: 2.5, limitPrice: 0, stopPrice: 0 }), ctx);
    expect(amount).toMatchObject({ type: 'trailing_stop', trailPrice: 2.5 });
    expect(amount.limitPrice).toBeUndefined();
    expect(() => detail({ status: 'SOMETHING_NEW' })).toThrow();
  });
});

describe('toCorePosition', () => {
  it('reads a short position and a holding with no cost on record', () => {
    const short = EtradePositionSchema.parse({ Product: { symbol: 'TSLA' }, quantity: 5, positionType: 'SHORT', costPerShare: 200, marketValue: -950, totalGain: 50 });
    expect(toCorePosition(short)).toMatchObject({ symbol: 'TSLA', quantity: -5, side: 'short', averageCost: 200, costBasis: 1000, unrealizedPnl: 50 });
    const transfer = EtradePositionSchema.parse({ Product: { symbol: 'IBM' }, quantity: 2, pricePaid: 0, Quick: { lastTrade: 130 } });
    expect(toCorePosition(transfer)).toMatchObject({ averageCost: 130, currentPrice: 130 });
    expect(toCorePosition(EtradePositionSchema.parse({ Product: { symbol: 'IBM' }, quantity: 0 }))).toBeUndefined();
  });
});
