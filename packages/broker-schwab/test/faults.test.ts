// Fault tests: whatever goes wrong between the adapter and Schwab, an order is never sent twice,
// a lost answer is resolved by matching recent orders (or reported unknown when the match is not
// unique), and the OAuth session recovers from what it can recover from.
import { ManualClock, RateLimitError, ReauthRequiredError, UnknownOutcomeError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { testBroker, untilSettled } from './fake/harness.ts';
import { FakeNetwork, mockNetwork, type Fault } from './fake/network.ts';

const net = mockNetwork();
const LIMIT = { symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 } as const;

describe.each<[Fault, string]>([
  ['timeout', 'a timeout after the POST'],
  ['http500', 'a 500 after the POST'],
])('%s: %s', (fault) => {
  it('with one matching recent order: found among recent orders, never resent', async () => {
    const network = net.use(new FakeNetwork({ faultDelayMs: 600 }));
    const broker = testBroker(network);
    network.arm(fault);
    const order = await broker.submitOrder({ ...LIMIT, clientOrderId: `one-${fault}` });
    const [placed] = [...network.fake.book.orders.values()];
    expect(order).toMatchObject({ id: String(placed!.id), clientOrderId: `one-${fault}`, symbol: 'AAPL', quantity: 3, limitPrice: 50 });
    expect(network.orderRequests).toBe(1);
    expect(network.listRequests).toBeGreaterThanOrEqual(1);
    expect(await broker.findOrderByClientId(`one-${fault}`)).toMatchObject({ id: order.id });
  });

  it('with two candidates (a twin placed elsewhere): UnknownOutcomeError, nothing resent', async () => {
    const network = net.use(new FakeNetwork({ faultDelayMs: 600 }));
    const broker = testBroker(network);
    // The same order, entered at the same time from another session (the Schwab app, say).
    network.fake.book.create({ session: 'NORMAL', duration: 'DAY', orderType: 'LIMIT', price: 50, orderStrategyType: 'SINGLE', orderLegCollection: [{ instruction: 'BUY', quantity: 3, instrument: { symbol: 'AAPL', assetType: 'EQUITY' } }] });
    network.arm(fault);
    const error = await broker.submitOrder({ ...LIMIT, clientOrderId: `twin-${fault}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ clientOrderId: `twin-${fault}`, absent: false, retryable: false });
    expect((error as Error & { cause?: Error }).cause?.message).toMatch(/2 recent orders .* match/);
    await new Promise((r) => setTimeout(r, 650));
    expect(network.orderRequests).toBe(1);
    expect(network.fake.book.orders.size).toBe(2);
  });
});

describe('Location header', () => {
  it('naming another account (a mismatch): the id is not trusted; the order is found in this account, not resent', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    network.arm('location-elsewhere');
    const order = await broker.submitOrder({ ...LIMIT, clientOrderId: 'loc-mismatch' });
    const [placed] = [...network.fake.book.orders.values()];
    expect(order.id).toBe(String(placed!.id));
    expect(network.orderRequests).toBe(1);
    expect(network.listRequests).toBe(1);
  });

  it('of a normal answer gives the order id without any lookup', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const order = await broker.submitOrder({ ...LIMIT, clientOrderId: 'loc-ok' });
    expect(order).toMatchObject({ status: 'accepted', clientOrderId: 'loc-ok' });
    expect(network.requests.map((r) => `${r.method} ${r.path.replace(network.fake.hash, '{hash}')}`)).toEqual([
      'GET /accounts/accountNumbers',
      'POST /accounts/{hash}/orders',
    ]);
  });
});

describe('OAuth session', () => {
  it('a 401 mid-session costs one refresh, then the call succeeds', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    await broker.connect();
    network.arm('unauthorized', 'read');
    const account = await broker.getAccount();
    expect(account.accountId).toBe('12345678');
    expect(network.refreshCalls).toBe(1);
    expect(network.requests.filter((r) => r.path.endsWith(network.fake.hash))).toHaveLength(2);
  });

  it('20 concurrent calls when the access token expires: one refresh', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock });
    await broker.connect();
    await clock.advance(30 * 60_000);
    const quotes = await Promise.all(Array.from({ length: 20 }, () => broker.getQuote('AAPL')));
    expect(quotes.every((q) => q.bid === 99.99)).toBe(true);
    expect(network.refreshCalls).toBe(1);
  });

  it('the refresh token expired (7 days after the login): ReauthRequiredError naming `invest auth login NAME`, nothing sent', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock });
    await clock.advance(7 * 86_400_000 + 1000);
    const error = await broker.getAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthRequiredError);
    expect((error as Error).message).toContain(`invest auth login ${broker.name}`);
    expect(network.requests).toHaveLength(0);
    expect(network.refreshCalls).toBe(0);
  });
});

describe('429 on an order', () => {
  it('was not accepted: resent once after the wait it asked for, one order', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock });
    network.arm('rate-limit');
    const order = await untilSettled(clock, broker.submitOrder({ ...LIMIT, clientOrderId: 'rl-429' }));
    const posts = network.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(network.fake.book.orders.size).toBe(1);
    expect(order.clientOrderId).toBe('rl-429');
  });

  it('that keeps coming ends as RateLimitError (rejected), nothing placed', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock });
    network.arm('rate-limit');
    network.arm('rate-limit');
    network.arm('rate-limit');
    const error = await untilSettled(clock, broker.submitOrder({ ...LIMIT, clientOrderId: 'rl-always' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ outcome: 'rejected' });
    expect(network.fake.book.orders.size).toBe(0);
  });
});

describe('client order ids after a refusal', () => {
  it('a refused order leaves nothing to find: findOrderByClientId answers undefined without asking Schwab', async () => {
    const network = net.use(new FakeNetwork({ cash: 10 }));
    const broker = testBroker(network);
    await expect(broker.submitOrder({ ...LIMIT, clientOrderId: 'refused-1' })).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', outcome: 'rejected' });
    const before = network.requests.length;
    expect(await broker.findOrderByClientId('refused-1')).toBeUndefined();
    expect(network.requests).toHaveLength(before);
  });
});
