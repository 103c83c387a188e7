// Fault tests: a place whose answer is lost (found in the recent orders, never sent twice), a
// duplicate client order id answer (proof the order landed), E*TRADE's rate-limit answer, an
// access token gone idle (renewed once, the call succeeds) and one past midnight US/Eastern.
import { ConnectionError, InsufficientFundsError, ManualClock, RateLimitError, ReauthRequiredError, systemClock, UnknownOutcomeError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
const HOUR = 3_600_000;
// 10:00 EST on a Monday: the access token ends at 2026-01-13T05:00Z (midnight US/Eastern).
const START = Date.parse('2026-01-12T15:00:00Z');
const LIMIT = { symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 100 } as const;

describe('lost place answers', () => {
  it.each(['timeout', 'reset'] as const)('%s after place: the order is found by the preview it repeated, and not placed again', async (fault) => {
    const network = net.use(new FakeNetwork(systemClock, { faultDelayMs: 2000 }));
    const broker = await testBroker(network);
    network.arm(fault);
    const order = await broker.submitOrder({ ...LIMIT, clientOrderId: `lost${fault}1` });
    expect(network.placeRequests).toBe(1);
    expect(network.fake.orders.size).toBe(1);
    const placed = [...network.fake.orders.values()][0]!;
    expect(order).toMatchObject({ id: String(placed.orderId), clientOrderId: `lost${fault}1`, symbol: 'AAPL', quantity: 3, status: 'new' });
    // The lookups read the recent orders (one request each, no retries of their own).
    expect(network.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/orders')).length).toBeGreaterThanOrEqual(1);
  });

  it('a lost answer to a change is found the same way, linked to the order it replaces', async () => {
    const network = net.use(new FakeNetwork(systemClock, { faultDelayMs: 2000 }));
    const broker = await testBroker(network);
    const first = await broker.submitOrder({ ...LIMIT, clientOrderId: 'changeLost1' });
    network.arm('timeout');
    const next = await broker.replaceOrder(first.id, { limitPrice: 101 });
    expect(network.placeRequests).toBe(2);
    expect(next).toMatchObject({ replaces: first.id, limitPrice: 101 });
  });
});

describe('lost preview answers', () => {
  it('a preview that times out places nothing: the error says so, with outcome denied, and no place is sent', async () => {
    const network = net.use(new FakeNetwork(systemClock, { faultDelayMs: 2000 }));
    const broker = await testBroker(network);
    network.arm('preview-timeout');
    const error = await broker.submitOrder({ ...LIMIT, clientOrderId: 'previewLost1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'denied' });
    expect((error as Error).message).toMatch(/at the preview: the order was not placed/);
    expect(network.placeRequests).toBe(0);
    expect(network.fake.orders.size).toBe(0);
  });
});

describe('duplicate client order id', () => {
  it('an answer saying the id was used is proof the order landed: it is looked up, not placed again', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    network.fake.echoClientOrderId = true;
    const earlier = await (await testBroker(network)).submitOrder({ ...LIMIT, clientOrderId: 'dupe1' });
    // A second process (no memory of the first) sends the same client order id.
    const again = await (await testBroker(network)).submitOrder({ ...LIMIT, clientOrderId: 'dupe1' });
    expect(again.id).toBe(earlier.id);
    expect(network.fake.orders.size).toBe(1);
    expect(network.placeRequests).toBe(2);
  });

  it('where the list does not name client order ids, it ends unknown (never rejected, never resent)', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    await (await testBroker(network)).submitOrder({ ...LIMIT, clientOrderId: 'dupe2' });
    const error = await (await testBroker(network)).submitOrder({ ...LIMIT, clientOrderId: 'dupe2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(network.fake.orders.size).toBe(1);
    expect(network.placeRequests).toBe(2);
  });
});

describe('rate limit', () => {
  it("E*TRADE's HTTP 400 with the rate-limit sentence is a RateLimitError, and nothing is placed", async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    network.arm('rate-limit');
    const error = await broker.submitOrder({ ...LIMIT, clientOrderId: 'rated1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 400, broker: 'etrade' });
    expect(network.fake.orders.size).toBe(0);
  });
});

describe('XML error answers', () => {
  it('an error answered in XML to a JSON request is read by the table: 1037 is InsufficientFundsError, nothing placed', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    network.arm('xml-refusal');
    const error = await broker.submitOrder({ ...LIMIT, side: 'sell', clientOrderId: 'xmlRefused1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect(error).toMatchObject({ brokerCode: '1037', brokerMessage: 'You do not have enough shares to sell.', status: 400 });
    expect(network.placeRequests).toBe(0);
  });
});

describe('access token lifecycle', () => {
  it('after more than 2 hours idle the token is renewed once and the call succeeds', async () => {
    const clock = new ManualClock(START);
    const network = net.use(new FakeNetwork(clock));
    const broker = await testBroker(network, { clock });
    await broker.connect();
    await clock.advance(2 * HOUR + 5 * 60_000);
    const account = await broker.getAccount();
    expect(account.accountId).toBe('83405188');
    expect(network.renewals).toBe(1);
    await broker.getPositions();
    expect(network.renewals).toBe(1);
    const renew = network.requests.findIndex((r) => r.path === '/oauth/renew_access_token');
    const balance = network.requests.findIndex((r) => r.path.endsWith('/balance'));
    expect(renew).toBeGreaterThan(-1);
    expect(renew).toBeLessThan(balance);
  });

  it('without the renewal the fake refuses an idle token (the test above can fail)', async () => {
    const clock = new ManualClock(START);
    const network = net.use(new FakeNetwork(clock));
    const broker = await testBroker(network, { clock, config: { accessToken: 'acc-token', accessTokenSecret: network.tokens.access.get('acc-token')!.secret } });
    await broker.connect();
    await clock.advance(2 * HOUR + 5 * 60_000);
    await expect(broker.getAccount()).rejects.toMatchObject({ status: 401, brokerCode: 'token_rejected' });
  });

  it('after midnight US/Eastern: ReauthRequiredError naming `invest auth login NAME`, and nothing is sent', async () => {
    const clock = new ManualClock(START);
    const network = net.use(new FakeNetwork(clock));
    const broker = await testBroker(network, { clock });
    await broker.connect();
    const sent = network.requests.length;
    await clock.advance(Date.parse('2026-01-13T05:00:01Z') - START);
    const error = await broker.submitOrder({ ...LIMIT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthRequiredError);
    expect((error as ReauthRequiredError).command).toBe('invest auth login etrade-test');
    expect((error as Error).message).toContain('`invest auth login etrade-test`');
    expect(network.requests.length).toBe(sent);
  });

  it('a token E*TRADE says has expired (401 token_expired) is ReauthRequiredError naming the login command too', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    await broker.connect();
    network.tokens.access.get('acc-token')!.revoked = true;
    const error = await broker.getAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthRequiredError);
    expect(error).toMatchObject({ status: 401, brokerCode: 'token_expired', command: 'invest auth login etrade-test' });
    expect((error as Error).message).toContain('`invest auth login etrade-test`');
  });
});
