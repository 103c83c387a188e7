// Rate limits: one budget per API key shared by every instance, Alpaca's X-RateLimit-* headers
// honoured, and a 429 waited out. Time is a manual clock, so a minute costs nothing.
import { ManualClock } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { drive, testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
const T0 = Date.parse('2026-03-02T15:00:00.000Z');
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

describe('rate limit', () => {
  it('every instance with the same key draws on one budget (rateLimitPerMinute)', async () => {
    const clock = new ManualClock(T0);
    const network = net.use(new FakeNetwork({ clock }));
    const config = { streaming: false, rateLimitPerMinute: 3 };
    const a = testBroker(network, { clock, config });
    const b = testBroker(network, { clock, config });
    await a.getAccount();
    await b.getAccount();
    await a.getPositions();
    const fourth = b.getAccount();
    await settle();
    expect(network.requests).toHaveLength(3);
    await drive(clock, fourth, 1000);
    expect(network.requests).toHaveLength(4);
    expect(network.requests[3]!.at - T0).toBeGreaterThanOrEqual(60_000);
  });

  it('X-RateLimit-Remaining 0 holds every request until X-RateLimit-Reset', async () => {
    const clock = new ManualClock(T0);
    const network = net.use(new FakeNetwork({ clock, rateLimit: 2 }));
    const broker = testBroker(network, { clock, config: { streaming: false } });
    await broker.getAccount();
    await broker.getAccount(); // answered with X-RateLimit-Remaining: 0, reset at T0 + 60 s
    const third = broker.getPositions();
    await settle();
    expect(network.requests).toHaveLength(2);
    await drive(clock, third, 1000);
    expect(network.requests[2]!.at).toBeGreaterThanOrEqual(T0 + 60_000);
  });

  it('a 429 on a read is waited out to its reset and retried', async () => {
    const clock = new ManualClock(T0 + 250);
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock, config: { streaming: false } });
    network.arm('rate-limit', 'read');
    const account = await drive(clock, broker.getAccount());
    expect(account.accountId).toBe(network.fake.accountId);
    expect(network.requests).toHaveLength(2);
    expect(network.requests[1]!.at).toBeGreaterThanOrEqual((Math.ceil((T0 + 250) / 1000) + 2) * 1000);
  });

  it('a 429 on an order holds the other callers of the same key too', async () => {
    const clock = new ManualClock(T0 + 250);
    const network = net.use(new FakeNetwork({ clock }));
    const a = testBroker(network, { clock, config: { streaming: false } });
    const b = testBroker(network, { clock, config: { streaming: false } });
    network.arm('rate-limit');
    const order = a.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50, clientOrderId: 'rl-held' });
    await settle();
    const read = b.getAccount();
    await settle();
    expect(network.requests).toHaveLength(1);
    await drive(clock, Promise.all([order, read]));
    const reset = (Math.ceil((T0 + 250) / 1000) + 2) * 1000;
    expect(network.requests.slice(1).every((r) => r.at >= reset)).toBe(true);
  });
});
