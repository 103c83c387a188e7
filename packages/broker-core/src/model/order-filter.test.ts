import { describe, expect, it } from 'vitest';
import { OrderFilterSchema, type Order } from './order.ts';
import { orderMatchesFilter } from './order-filter.ts';

const order = (o: Partial<Order>): Order => ({
  id: '1', clientOrderId: 'c', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', orderClass: 'simple', status: 'new',
  filledQuantity: 0, extendedHours: false, createdAt: '2026-12-05T10:00:00.000Z', updatedAt: '2026-12-05T10:00:00.000Z', ...o,
});
const matches = (o: Partial<Order>, filter: Record<string, unknown>): boolean => orderMatchesFilter(order(o), OrderFilterSchema.parse(filter));

describe('orderMatchesFilter', () => {
  it('selects open or closed orders by whether their status is terminal', () => {
    expect(matches({ status: 'partially_filled' }, { status: 'open' })).toBe(true);
    expect(matches({ status: 'filled' }, { status: 'open' })).toBe(false);
    expect(matches({ status: 'canceled' }, { status: 'closed' })).toBe(true);
    expect(matches({ status: 'new' }, { status: 'closed' })).toBe(false);
    expect(matches({ status: 'filled' }, {})).toBe(true);
  });

  it('reads symbols as order symbols are (upper-cased) and sides as given', () => {
    expect(matches({}, { symbols: [' aapl'] })).toBe(true);
    expect(matches({}, { symbols: ['MSFT'] })).toBe(false);
    expect(matches({ side: 'sell' }, { side: 'buy' })).toBe(false);
  });

  it('takes orders created after `after` (exclusive) and at or before `until`', () => {
    expect(matches({}, { after: '2026-12-05T10:00:00.000Z' })).toBe(false);
    expect(matches({}, { after: '2026-12-05T09:59:59.999Z' })).toBe(true);
    expect(matches({}, { until: '2026-12-05T10:00:00.000Z' })).toBe(true);
    expect(matches({}, { until: '2026-12-05T09:59:59.999Z' })).toBe(false);
  });
});
