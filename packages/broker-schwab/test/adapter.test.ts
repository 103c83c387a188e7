// The adapter's reads and its Schwab-only call, against the fake: account, positions, quotes,
// the account hash, replace, and previewOrder (the dry run).
import { ConfigError, parseOrderRequest } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

describe('schwab adapter', () => {
  it('reads the account hash once and uses it on every account call', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    await broker.getAccount();
    await broker.getPositions();
    expect(network.requests.filter((r) => r.path === '/accounts/accountNumbers')).toHaveLength(1);
    expect(network.requests.slice(1).every((r) => r.path.startsWith(`/accounts/${network.fake.hash}`))).toBe(true);
  });

  it('with several accounts and none chosen: a ConfigError asking for accountNumber; the chosen one is used', async () => {
    const network = net.use(new FakeNetwork({ otherAccounts: 1 }));
    await expect(testBroker(network).connect()).rejects.toThrow(ConfigError);
    await expect(testBroker(network, { config: { accountNumber: '99999999' } }).connect()).rejects.toThrow(/…9999 is not among the 2 account/);
    await testBroker(network, { config: { accountNumber: '12345678' } }).connect();
  });

  it('account, positions and quote map to the core model, exactly', async () => {
    const network = net.use(new FakeNetwork({ cash: 10_000 }));
    const broker = testBroker(network);
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3 });
    expect((await broker.getOrder(order.id)).status).toBe('filled');
    network.fake.book.setQuote('AAPL', { bid: 110.09, ask: 110.11, last: 110.1 });
    const account = await broker.getAccount();
    expect(account).toMatchObject({ accountId: '12345678', cash: 9699.97, equity: 10030.27, startOfDayEquity: 10_000, dayPnl: 30.27, paper: false, accountType: 'margin' });
    expect(await broker.getPosition('AAPL')).toMatchObject({ quantity: 3, side: 'long', averageCost: 100.01, costBasis: 300.03, marketValue: 330.3, currentPrice: 110.1 });
    expect(await broker.getQuote('AAPL')).toMatchObject({ symbol: 'AAPL', bid: 110.09, ask: 110.11, last: 110.1, bidSize: 200 });
  });

  it('replace sends the whole order again and returns the replacement, which replaces the old one', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50, clientOrderId: 'rp-1' });
    const next = await broker.replaceOrder(order.id, { limitPrice: 51, clientOrderId: 'rp-2' });
    expect(next).toMatchObject({ replaces: order.id, limitPrice: 51, clientOrderId: 'rp-2', quantity: 3 });
    expect((await broker.getOrder(order.id)).status).toBe('replaced');
    expect((await broker.getOrder(next.id)).clientOrderId).toBe('rp-2');
    const put = network.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toMatchObject({ orderType: 'LIMIT', price: 51, orderLegCollection: [{ instruction: 'BUY', quantity: 3 }] });
  });

  it('previewOrder is a dry run: the body submitOrder would send, Schwab verdict, nothing placed', async () => {
    const network = net.use(new FakeNetwork({ cash: 1000 }));
    const broker = testBroker(network);
    const ok = await broker.adapter.previewOrder(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 100 }));
    expect(ok).toMatchObject({ accepted: true, rejects: [], orderValue: 200, request: { orderType: 'LIMIT', price: 100 } });
    const refused = await broker.adapter.previewOrder(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 20, type: 'limit', limitPrice: 100 }));
    expect(refused.accepted).toBe(false);
    expect(refused.rejects[0]).toMatch(/insufficient buying power/);
    expect(network.fake.book.orders.size).toBe(0);
    expect(network.orderRequests).toBe(0);
  });
});
