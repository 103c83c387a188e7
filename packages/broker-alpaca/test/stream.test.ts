// The trade_updates websocket: the documented handshake, binary frames, order and fill events,
// refused keys, a server that never answers, and reconnecting with backoff.
import { AuthenticationError, ConnectionError, type Fill, type Order } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { eventually, testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

describe('trade_updates stream', () => {
  it('authenticates and listens with the documented messages, then reports orders and fills', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const orders: Order[] = [];
    const fills: Fill[] = [];
    broker.events.on('order', (o) => orders.push(o));
    broker.events.on('fill', (f) => fills.push(f));
    await broker.connect();
    expect(broker.adapter.streamState).toBe('open');
    expect(network.streamMessages).toEqual([
      { action: 'authenticate', data: { key_id: network.keyId, secret_key: CANARY_SECRET } },
      { action: 'listen', data: { streams: ['trade_updates'] } },
    ]);
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, clientOrderId: 'st-events' });
    await eventually(() => fills.length === 1, 3000, 'the fill event');
    expect(fills[0]).toMatchObject({ orderId: order.id, clientOrderId: 'st-events', symbol: 'AAPL', side: 'buy', quantity: 2, price: 100.01 });
    expect(fills[0]!.fillId).toMatch(/^[0-9a-f-]{36}$/);
    const statuses = orders.filter((o) => o.id === order.id).map((o) => o.status);
    expect(statuses.at(-1)).toBe('filled');
    expect(statuses).toContain('new');
    await broker.disconnect();
    expect(broker.adapter.streamState).toBe('closed');
    await eventually(() => network.listeners === 0, 1000, 'the socket to close');
  });

  it('reports fills of orders placed elsewhere (the stream covers the whole account)', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const fills: Fill[] = [];
    broker.events.on('fill', (f) => fills.push(f));
    await broker.connect();
    network.fake.submit({ symbol: 'MSFT', qty: '1', side: 'sell', type: 'market', time_in_force: 'day', client_order_id: 'placed-in-the-web-ui' });
    await eventually(() => fills.length === 1, 3000, 'the fill event');
    expect(fills[0]).toMatchObject({ clientOrderId: 'placed-in-the-web-ui', symbol: 'MSFT', side: 'sell', quantity: 1 });
    await broker.disconnect();
  });

  it('a refused key pair fails connect with AuthenticationError, and the secret is in no message', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    network.refuseStream = false;
    // The REST check passes with the right keys; the stream then sees a wrong secret.
    (network as { secret: string }).secret = 'another-secret-value';
    const error = await broker.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(error)).not.toContain(CANARY_SECRET);
    expect(broker.connected).toBe(false);
    network.guard.violations.length = 0; // the REST requests carried the "wrong" secret on purpose
  });

  it('a stream that never answers the handshake fails connect with ConnectionError in time', async () => {
    const network = net.use(new FakeNetwork());
    network.silentStream = true;
    const broker = testBroker(network, { tuning: { handshakeTimeoutMs: 100 } });
    const started = Date.now();
    await expect(broker.connect()).rejects.toBeInstanceOf(ConnectionError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(broker.connected).toBe(false);
  });

  it('reconnects with backoff while the server refuses, then re-authenticates and listens again', async () => {
    const network = net.use(new FakeNetwork());
    const delays: number[] = [];
    const broker = testBroker(network, { tuning: { reconnect: { baseDelayMs: 4, maxDelayMs: 16 }, random: () => 1 } });
    await broker.connect();
    const events: string[] = [];
    broker.events.on('disconnected', (reason) => events.push(`down: ${reason}`));
    broker.events.on('connected', () => events.push('up'));
    network.refuseStream = true;
    let last = Date.now();
    const original = network.accept.bind(network);
    network.accept = (client) => {
      delays.push(Date.now() - last);
      last = Date.now();
      original(client);
    };
    network.dropStream();
    await eventually(() => delays.length >= 4, 3000, 'four refused attempts');
    network.refuseStream = false;
    await eventually(() => events.includes('up'), 3000, 'the reconnect');
    expect(events[0]).toMatch(/^down: trade_updates stream closed \(code 1011\); reconnecting$/);
    expect(broker.connected).toBe(true);
    expect(broker.adapter.streamState).toBe('open');
    // Backoff grows to its cap (4, 8, 16, 16 ms with jitter pinned to the top).
    expect(delays[2]! + 2).toBeGreaterThanOrEqual(8);
    const auth = network.streamMessages.filter((m) => (m as { action: string }).action === 'authenticate');
    expect(auth).toHaveLength(2);
    await broker.disconnect();
  });

  it('disconnect stops reconnecting', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    await broker.connect();
    await broker.disconnect();
    network.dropStream();
    await new Promise((r) => setTimeout(r, 50));
    expect(network.listeners).toBe(0);
    expect(network.streamMessages.filter((m) => (m as { action: string }).action === 'authenticate')).toHaveLength(1);
  });
});

describe('connect', () => {
  it('two callers connecting at once share one stream', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    await Promise.all([broker.connect(), broker.connect()]);
    expect(network.streamMessages.filter((m) => (m as { action: string }).action === 'authenticate')).toHaveLength(1);
    expect(network.requests.filter((r) => r.path === '/v2/account')).toHaveLength(1);
    await broker.disconnect();
  });
});
