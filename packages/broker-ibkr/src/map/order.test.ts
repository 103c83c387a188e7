import { describe, expect, it } from 'vitest';
import { linkOf, toCoreCompletedOrder, toCoreOrder, toCoreOrderFromExecutions } from './order.ts';
import { toCoreStatus } from './status.ts';
import { IbCompletedOrderSchema, IbOpenOrderSchema } from '../schemas/open-order.ts';

const NOW = '2026-12-05T14:30:00.000Z';
const openOrder = (order: Record<string, unknown>, status = 'Submitted') =>
  IbOpenOrderSchema.parse({ orderId: 7, contract: { symbol: 'aapl', secType: 'STK' }, order: { orderId: 7, action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: 150, tif: 'DAY', orderRef: 'inv-7', ...order }, orderState: { status } });

describe('IB order -> core order', () => {
  it('maps the description and keeps the message as raw', () => {
    const raw = openOrder({});
    expect(toCoreOrder(raw, {}, NOW, linkOf(raw), 'original')).toMatchObject({
      id: '7', clientOrderId: 'inv-7', symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: 150, quantity: 10, timeInForce: 'day',
      orderClass: 'simple', status: 'new', filledQuantity: 0, raw: 'original',
    });
  });

  it('progress from orderStatus wins over the openOrder state', () => {
    expect(toCoreOrder(openOrder({}), { status: 'Submitted', filled: 4, avgFillPrice: 149.5 }, NOW)).toMatchObject({ status: 'partially_filled', filledQuantity: 4, averageFillPrice: 149.5 });
    expect(toCoreOrder(openOrder({}, 'Filled'), { status: 'Filled', filled: 10, avgFillPrice: 149.5 }, NOW)?.status).toBe('filled');
  });

  it('an order without orderRef gets an ib-<permId> client order id; unknown types are not mapped', () => {
    expect(toCoreOrder(openOrder({ orderRef: '', permId: 9001 }), {}, NOW)?.clientOrderId).toBe('ib-9001');
    expect(toCoreOrder(openOrder({ orderType: 'REL' }), {}, NOW)).toBeUndefined();
  });

  it('reads links from parentId and the oco- OCA group', () => {
    expect(linkOf({ orderId: 12, order: { parentId: 11 } })).toEqual({ orderClass: 'bracket', parentId: '11' });
    expect(linkOf({ orderId: 20, order: { ocaGroup: 'oco-20' } })).toEqual({ orderClass: 'oco' });
    expect(linkOf({ orderId: 21, order: { ocaGroup: 'oco-20' } })).toEqual({ orderClass: 'oco', parentId: '20' });
    expect(linkOf({ orderId: 22, order: { ocaGroup: 'someone-elses' } })).toEqual({ orderClass: 'simple' });
  });

  it.each([
    ['PendingSubmit', 0, false, 'pending_new'],
    ['PreSubmitted', 0, false, 'accepted'],
    ['PreSubmitted', 0, true, 'held'],
    ['Submitted', 0, false, 'new'],
    ['Submitted', 2, false, 'partially_filled'],
    ['PendingCancel', 0, false, 'pending_cancel'],
    ['Cancelled', 2, false, 'canceled'],
    ['ApiCancelled', 0, false, 'canceled'],
    ['Filled', 10, false, 'filled'],
    ['Inactive', 0, false, 'rejected'],
  ] as const)('status %s with %i filled (leg: %s) is %s', (status, filled, child, expected) => {
    expect(toCoreStatus(status, filled, child)).toBe(expected);
  });

  it('a completed order takes the id the adapter knows it by, and says how it ended', () => {
    const completed = IbCompletedOrderSchema.parse({
      contract: { symbol: 'AAPL' },
      order: { action: 'SELL', totalQuantity: 5, orderType: 'LMT', lmtPrice: 120, orderRef: 'inv-9', permId: 77, filledQuantity: 2 },
      orderState: { status: 'Cancelled', completedStatus: 'Cancelled by user' },
    });
    expect(toCoreCompletedOrder(completed, 12, NOW)).toMatchObject({ id: '12', clientOrderId: 'inv-9', side: 'sell', status: 'canceled', filledQuantity: 2, quantity: 5, limitPrice: 120 });
    const weird = IbCompletedOrderSchema.parse({ ...completed, orderState: { status: 'Weird' } });
    expect(toCoreCompletedOrder(weird, 12, NOW)).toBeUndefined();
  });

  it('an order known only from executions is filled as far as the last one shows', () => {
    const exec = (execId: string, cumQty: number, avgPrice: number) => ({ execId, orderId: 4, time: '20261205-14:30:01', side: 'BOT' as const, shares: 1, price: 100, cumQty, avgPrice });
    expect(toCoreOrderFromExecutions('inv-4', 'aapl', [exec('a', 1, 100), exec('b', 3, 100.5)])).toMatchObject({
      id: '4', clientOrderId: 'inv-4', symbol: 'AAPL', side: 'buy', status: 'filled', filledQuantity: 3, quantity: 3, averageFillPrice: 100.5, filledAt: '2026-12-05T14:30:01.000Z',
    });
  });
});
