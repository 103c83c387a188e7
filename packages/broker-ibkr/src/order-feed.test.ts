import { EventEmitter as NodeEmitter } from 'node:events';
import { EventEmitter } from 'eventemitter3';
import { silentLogger, systemClock, type BrokerEvents } from '@invest/broker-core';
import type { IBApi } from '@stoqey/ib';
import { describe, expect, it } from 'vitest';
import { OrderFeed } from './order-feed.ts';
import { OrderTracker } from './order-tracker.ts';
import { OrderIds } from './orders/order-ids.ts';

function feed(): { ib: NodeEmitter; feed: OrderFeed; tracker: OrderTracker } {
  const ib = new NodeEmitter();
  const events = new EventEmitter<BrokerEvents>();
  events.on('error', () => undefined);
  const tracker = new OrderTracker({ order: () => undefined, fill: () => undefined, error: () => undefined }, silentLogger);
  const f = new OrderFeed({ ib: ib as unknown as IBApi, clientId: 1, tracker, ids: new OrderIds(), events, clock: systemClock, logger: silentLogger, commissionWaitMs: 10 });
  return { ib, feed: f, tracker };
}

const order = { orderId: 7, clientId: 1, action: 'BUY', totalQuantity: 2, orderType: 'LMT', lmtPrice: 150, tif: 'DAY', orderRef: 'inv-7', account: 'DU1', faGroup: '' };

describe('OrderFeed taps', () => {
  it('hands a read the openOrder / orderStatus it decoded once, with the fields the adapter reads', () => {
    const { ib, feed: f, tracker } = feed();
    const seen: unknown[] = [];
    const untap = f.tap({ openOrder: (m) => seen.push(m), orderStatus: (m) => seen.push(m) });
    ib.emit('openOrder', 7, { symbol: 'AAPL', secType: 'STK', exchange: 'SMART' }, order, { status: 'Submitted' });
    ib.emit('orderStatus', 7, 'Submitted', 0, 2, 0, 900, 0, 0, 1);
    untap();
    ib.emit('orderStatus', 7, 'Submitted', 1, 1, 150, 900, 0, 150, 1);
    expect(seen).toEqual([
      { orderId: 7, contract: { symbol: 'AAPL' }, order: { action: 'BUY', totalQuantity: 2, orderType: 'LMT', lmtPrice: 150, tif: 'DAY', orderRef: 'inv-7' }, orderState: { status: 'Submitted' } },
      { orderId: 7, status: 'Submitted', filled: 0, avgFillPrice: 0 },
    ]);
    expect(tracker.get('7')).toMatchObject({ status: 'partially_filled', filledQuantity: 1 });
  });

  it('tells a read of an openOrder that does not fit its schema', () => {
    const { ib, feed: f } = feed();
    const problems: string[] = [];
    f.tap({ unreadable: (error) => problems.push(error.message) });
    ib.emit('openOrder', 8, { symbol: '' }, { ...order, orderId: 8 }, {});
    expect(problems).toEqual([expect.stringMatching(/unexpected openOrder from TWS: contract\.symbol/)]);
  });
});
