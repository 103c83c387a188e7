// The TD adapter against its fake: the retirement notice on connect, the original's refresh token
// (rotated and kept), reads, replace, and the static request fixtures shared with Schwab.
import { readFileSync } from 'node:fs';
import { OAUTH2_TOKENS_KEY } from '@invest/auth';
import { createLogger, parseOrderRequest, UnknownOutcomeError, type LogRecord, type OrderRequestInput } from '@invest/broker-core';
import { toOrderJson } from '@invest/broker-schwab';
import { describe, expect, it } from 'vitest';
import { TD_DIALECT } from '../src/capabilities.ts';
import { TD_RETIRED_NOTICE } from '../src/td-broker.ts';
import { tdContract } from './contract/td-contract.ts';
import { testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
const LIMIT = { symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 } as const;

describe('td adapter', () => {
  it('on connect states that the API was retired on 2024-05-10 and that Schwab is its successor', async () => {
    const network = net.use(new FakeNetwork());
    const records: LogRecord[] = [];
    const logger = createLogger({ level: 'debug', sink: (r) => records.push(r) });
    const broker = testBroker(network, { ctx: { logger } });
    await broker.connect();
    expect(TD_RETIRED_NOTICE).toMatch(/retired on 2024-05-10.*Schwab is its successor/);
    expect(broker.adapter.notices).toEqual([TD_RETIRED_NOTICE]);
    expect(records.some((r) => r.level === 'warn' && r.msg === TD_RETIRED_NOTICE)).toBe(true);
  });

  it("logs in with the original's refresh token, keeps the rotated one, and never logs a token", async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const account = await broker.getAccount();
    expect(account).toMatchObject({ accountId: '123456789', paper: false, equity: 100_000 });
    expect(network.refreshCalls).toBe(1);
    const stored = JSON.parse((await broker.store.get(broker.name, OAUTH2_TOKENS_KEY))!) as { refreshToken: string };
    expect(network.refreshTokens.has(stored.refreshToken)).toBe(true);
  });

  it('places, reads, replaces and cancels over the shared order flow; quotes are TD-shaped', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const order = await broker.submitOrder({ ...LIMIT, clientOrderId: 'td-1' });
    expect(await broker.getOrder(order.id)).toMatchObject({ clientOrderId: 'td-1', status: 'new', limitPrice: 50, timeInForce: 'day' });
    const next = await broker.replaceOrder(order.id, { limitPrice: 51 });
    expect((await broker.getOrder(order.id)).status).toBe('replaced');
    await broker.cancelOrder(next.id);
    expect((await broker.listOrders({ status: 'closed' })).map((o) => o.status).sort()).toEqual(['canceled', 'replaced']);
    expect(await broker.getQuote('AAPL')).toMatchObject({ bid: 99.99, ask: 100.01, last: 100 });
    const list = network.requests.find((r) => r.path.endsWith('/orders') && r.method === 'GET');
    expect(list?.query.fromEnteredTime).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses immediate-or-cancel before any request (TD has no such duration)', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    await expect(broker.submitOrder({ ...LIMIT, timeInForce: 'ioc' })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(network.requests).toHaveLength(0);
  });

  it('timeout after the POST: matched among recent orders; with a twin: UnknownOutcomeError; never resent', async () => {
    const network = net.use(new FakeNetwork({ faultDelayMs: 600 }));
    const broker = testBroker(network);
    network.arm('timeout');
    const order = await broker.submitOrder({ ...LIMIT, clientOrderId: 'td-lost' });
    expect(order.id).toBe(String([...network.fake.book.orders.keys()][0]));
    network.arm('timeout');
    const error = await broker.submitOrder({ ...LIMIT, clientOrderId: 'td-twin' }).catch((e: unknown) => e);
    // The first order is known to this process, so only the second matches: found, not ambiguous.
    expect(error).not.toBeInstanceOf(UnknownOutcomeError);
    network.fake.book.create({ session: 'NORMAL', duration: 'DAY', orderType: 'LIMIT', price: 50, orderStrategyType: 'SINGLE', orderLegCollection: [{ instruction: 'BUY', quantity: 3, instrument: { symbol: 'AAPL' } }] });
    network.arm('timeout');
    const ambiguous = await broker.submitOrder({ ...LIMIT, clientOrderId: 'td-ambiguous' }).catch((e: unknown) => e);
    expect(ambiguous).toBeInstanceOf(UnknownOutcomeError);
    await new Promise((r) => setTimeout(r, 650));
    expect(network.orderRequests).toBe(3);
  });

  it('a 401 mid-session costs one refresh (a rotated refresh token), then the call succeeds', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    await broker.getAccount();
    network.arm('unauthorized', 'read');
    await broker.getPositions();
    expect(network.refreshCalls).toBe(2);
  });
});

describe('order JSON request fixtures (TD, shared with Schwab)', () => {
  const fixtures = (JSON.parse(readFileSync(new URL('../../broker-schwab/test/fixtures/order-requests.json', import.meta.url), 'utf8')) as {
    fixtures: { name: string; schwabOnly?: boolean; request: OrderRequestInput; body: unknown }[];
  }).fixtures.filter((f) => !f.schwabOnly);
  const place = tdContract.match('POST', '/accounts/123/orders')!;
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const body = toOrderJson(parseOrderRequest(fixture.request), TD_DIALECT);
    expect(body).toEqual(fixture.body);
    expect(tdContract.checkRequest(place, { query: {}, body }).errors).toEqual([]);
  });
});
