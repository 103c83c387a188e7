// Rate limits: the app's order budget per account (place, replace, cancel) and the documented
// request budget per app key, shared by every instance. Time is a manual clock.
import { ManualClock } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { testBroker, untilSettled } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
const T0 = Date.parse('2026-03-02T15:00:00.000Z');
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 30));
const LIMIT = { symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 } as const;

describe('rate limits', () => {
  it('order requests wait for the account order budget (ordersPerMinute); reads do not', async () => {
    const clock = new ManualClock(T0);
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock, config: { ordersPerMinute: 2 } });
    const first = await broker.submitOrder({ ...LIMIT, clientOrderId: 'ob-1' });
    await broker.cancelOrder(first.id);
    const third = broker.submitOrder({ ...LIMIT, clientOrderId: 'ob-3' });
    await settle();
    expect(network.orderRequests).toBe(1);
    await broker.getAccount();
    const order = await untilSettled(clock, third, 1000);
    expect(order.clientOrderId).toBe('ob-3');
    const posts = network.requests.filter((r) => r.method === 'POST');
    expect(posts[1]!.at - T0).toBeGreaterThanOrEqual(60_000);
  });

  it('every instance with the same app key draws on one request budget (requestsPerMinute)', async () => {
    const clock = new ManualClock(T0);
    const network = net.use(new FakeNetwork({ clock }));
    const config = { requestsPerMinute: 3 };
    const a = testBroker(network, { clock, config });
    const b = testBroker(network, { clock, config, tokens: network.login() });
    await a.getQuote('AAPL');
    await b.getQuote('AAPL');
    await a.getQuote('AAPL');
    const fourth = b.getQuote('AAPL');
    await settle();
    expect(network.requests).toHaveLength(3);
    await untilSettled(clock, fourth, 1000);
    expect(network.requests[3]!.at - T0).toBeGreaterThanOrEqual(60_000);
  });
});
