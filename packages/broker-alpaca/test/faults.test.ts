// Fault tests: whatever goes wrong between the adapter and Alpaca, exactly one order exists at the
// end and its final state is right; nothing is sent twice that could be placed twice, and no
// fill is counted twice.
import { InvalidOrderError, ManualClock, outcomeOf, UnknownOutcomeError, type Broker, type Fill, type Order } from '@invest/broker-core';
import { EventRecorder } from '@invest/broker-testkit';
import { describe, expect, it } from 'vitest';
import { drive, eventually, testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork, type OrderFault } from './fake/network.ts';

const net = mockNetwork();

function record(broker: Broker): { fills: Fill[]; orders: Order[]; recorder: EventRecorder } {
  const fills: Fill[] = [];
  const orders: Order[] = [];
  broker.events.on('fill', (f) => fills.push(f));
  broker.events.on('order', (o) => orders.push(o));
  return { fills, orders, recorder: new EventRecorder(broker.events) };
}

const sum = (fills: Fill[], orderId: string): number => fills.filter((f) => f.orderId === orderId).reduce((s, f) => s + f.quantity, 0);

describe.each<[OrderFault, string]>([
  ['timeout', 'a timeout after the order was sent'],
  ['reset', 'a connection reset after the order was sent'],
  ['http500', 'a 500 after the order was sent'],
])('%s: %s', (fault) => {
  it('a market order is found by client order id, never resent, fills once', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const { fills, recorder } = record(broker);
    await broker.connect();
    network.arm(fault);
    const clientOrderId = `ft-${fault}-market`;
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, clientOrderId });
    expect(order.clientOrderId).toBe(clientOrderId);
    await eventually(async () => (await broker.getOrder(order.id)).status === 'filled', 3000, 'the fill');
    await eventually(() => sum(fills, order.id) === 3, 3000, 'the fill event');
    expect(network.fake.countByClientId(clientOrderId)).toBe(1);
    expect(network.orderRequests).toBe(1);
    expect(fills).toHaveLength(1);
    expect((await broker.getPosition('AAPL'))?.quantity).toBe(3);
    recorder.assertLegal();
    await broker.disconnect();
  });

  it('a resting limit is found and stays working', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network, { config: { streaming: false } });
    network.arm(fault);
    const clientOrderId = `ft-${fault}-limit`;
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50, clientOrderId });
    expect(['pending_new', 'accepted', 'new']).toContain(order.status);
    expect(network.fake.countByClientId(clientOrderId)).toBe(1);
    expect(network.orderRequests).toBe(1);
    await eventually(async () => (await broker.getOrder(order.id)).status === 'new', 3000, 'the order to work');
  });
});

describe('one recovery budget per order, counted at the server', () => {
  const LOOKUPS = { attempts: 5, delayMs: 2 };

  it.each<[OrderFault]>([['timeout'], ['http500']])(
    '%s on POST and every lookup answering 500: 1 POST, exactly the 5 lookups of the budget, UnknownOutcomeError, never a second POST',
    async (fault) => {
      const network = net.use(new FakeNetwork({ faultDelayMs: 200 }));
      const broker = testBroker(network, { config: { streaming: false, timeoutMs: 100 }, tuning: { lookup: LOOKUPS } });
      network.arm(fault);
      network.failLookups = true;
      const clientOrderId = `ft-budget-${fault}`;
      const error = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50, clientOrderId }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnknownOutcomeError);
      expect(error).toMatchObject({ clientOrderId, outcome: 'unknown', absent: false });
      // Past the delayed answer of a timeout: nothing more is sent on this order's behalf.
      await new Promise((r) => setTimeout(r, 250));
      expect(network.orderRequests).toBe(1);
      expect(network.lookupRequests).toBe(LOOKUPS.attempts);
      expect(network.requests).toHaveLength(1 + LOOKUPS.attempts);
      expect(network.fake.countByClientId(clientOrderId)).toBe(1);
    },
  );

  it('a lagging lookup (404, 404, then the order) resolves with the order: 1 POST, 3 lookups', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network, { config: { streaming: false }, tuning: { lookup: LOOKUPS } });
    const clientOrderId = 'ft-lagging-lookup';
    network.arm('reset');
    network.fake.lookupLag.set(clientOrderId, 2);
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, clientOrderId });
    expect(order).toMatchObject({ clientOrderId, symbol: 'AAPL', side: 'buy', quantity: 2, limitPrice: 50 });
    expect(network.fake.orders.get(order.id)?.clientOrderId).toBe(clientOrderId);
    expect(network.orderRequests).toBe(1);
    expect(network.lookupRequests).toBe(3);
    expect(network.requests).toHaveLength(4);
  });
});

describe('429 on an order', () => {
  it('with X-RateLimit reset headers: waits until the reset, resends once, one order', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T15:00:00.250Z'));
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock, config: { streaming: false } });
    network.arm('rate-limit');
    const clientOrderId = 'ft-429-reset';
    const order = await drive(clock, broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, clientOrderId }));
    const posts = network.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const reset = (Math.ceil(posts[0]!.at / 1000) + 2) * 1000;
    expect(posts[1]!.at).toBeGreaterThanOrEqual(reset);
    expect(posts[1]!.text).toBe(posts[0]!.text);
    expect(network.fake.countByClientId(clientOrderId)).toBe(1);
    expect(order.clientOrderId).toBe(clientOrderId);
  });

  it('without any rate-limit header: backs off, resends once, one order', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock, config: { streaming: false }, tuning: { random: () => 1 } });
    network.arm('rate-limit-bare');
    const clientOrderId = 'ft-429-bare';
    await drive(clock, broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, clientOrderId }), 5);
    const posts = network.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(10);
    expect(network.fake.countByClientId(clientOrderId)).toBe(1);
  });

  it('a 429 that keeps coming ends as RateLimitError, rejected, with nothing placed', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));
    const network = net.use(new FakeNetwork({ clock }));
    const broker = testBroker(network, { clock, config: { streaming: false } });
    for (let i = 0; i < 4; i++) network.arm('rate-limit-bare');
    const error = await drive(clock, broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, clientOrderId: 'ft-429-always' }).catch((e: unknown) => e), 5);
    expect(error).toMatchObject({ code: 'RATE_LIMIT', outcome: 'rejected', brokerCode: 42910000 });
    expect(network.orderRequests).toBe(4);
    expect(network.fake.countByClientId('ft-429-always')).toBe(0);
  });
});

describe('duplicate client order id', () => {
  it('is read as proof the first order landed: a resend after an unresolved loss adopts it', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network, { config: { streaming: false } });
    const clientOrderId = 'ft-duplicate';
    const request = { symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, clientOrderId } as const;
    network.arm('reset');
    network.fake.hiddenClientIds.add(clientOrderId);
    const lost = await broker.submitOrder(request).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(UnknownOutcomeError);
    expect(outcomeOf(lost)).toBe('unknown');
    expect((lost as UnknownOutcomeError).clientOrderId).toBe(clientOrderId);
    network.fake.hiddenClientIds.clear();
    const order = await broker.submitOrder(request);
    expect(order.clientOrderId).toBe(clientOrderId);
    expect(network.orderRequests).toBe(2);
    expect(network.fake.countByClientId(clientOrderId)).toBe(1);
    expect(network.fake.orders.get(order.id)?.clientOrderId).toBe(clientOrderId);
  });

  it('is refused when the id belongs to a different order, and nothing more is placed', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network, { config: { streaming: false } });
    const clientOrderId = 'ft-reused';
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, clientOrderId });
    const error = await broker.submitOrder({ symbol: 'MSFT', side: 'sell', quantity: 1, type: 'limit', limitPrice: 500, clientOrderId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect(error).toMatchObject({ field: 'clientOrderId', outcome: 'rejected' });
    expect(network.fake.countByClientId(clientOrderId)).toBe(1);
  });
});

describe('stream faults', () => {
  it('a websocket drop during a fill: reconnects, re-authenticates, reconciles, each fill once', async () => {
    const network = net.use(new FakeNetwork({ autoFill: false }));
    const broker = testBroker(network);
    const { fills, recorder } = record(broker);
    const states: string[] = [];
    broker.events.on('connected', () => states.push('connected'));
    broker.events.on('disconnected', () => states.push('disconnected'));
    await broker.connect();
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10, clientOrderId: 'ft-drop' });
    await eventually(() => network.fake.orders.get(order.id)?.status === 'new', 3000, 'acceptance');
    network.fake.execute(order.id, 4, 100.02);
    await eventually(() => fills.length === 1, 3000, 'the first partial fill');
    network.refuseStream = true;
    network.dropStream();
    network.fake.execute(order.id, 6, 100.05);
    await new Promise((r) => setTimeout(r, 30));
    network.refuseStream = false;
    await eventually(() => sum(fills, order.id) === 10, 3000, 'the fills to add up after the reconnect');
    expect(fills.map((f) => [f.quantity, f.price])).toEqual([[4, 100.02], [6, 100.05]]);
    expect(fills[1]!.fillId).toBe(`${order.id}:reconciled:10`);
    expect((await broker.getOrder(order.id)).status).toBe('filled');
    expect(network.fake.countByClientId('ft-drop')).toBe(1);
    expect(network.listeners).toBe(1);
    const actions = network.streamMessages.map((m) => (m as { action: string }).action);
    expect(actions.filter((a) => a === 'authenticate').length).toBeGreaterThanOrEqual(2);
    expect(actions.slice(-2)).toEqual(['authenticate', 'listen']);
    expect(states).toEqual(['connected', 'disconnected', 'connected']);
    // The server sends the last fills again after the reconnect: nothing is counted twice.
    network.replay(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(sum(fills, order.id)).toBe(10);
    expect(fills).toHaveLength(2);
    recorder.assertLegal();
    await broker.disconnect();
  });

  it('duplicate events: every trade update arrives twice, each fill counts once', async () => {
    const network = net.use(new FakeNetwork());
    network.duplicateEvents = true;
    const broker = testBroker(network);
    const { fills, orders, recorder } = record(broker);
    await broker.connect();
    const buy = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 5, clientOrderId: 'ft-dup-events' });
    await eventually(() => sum(fills, buy.id) === 5, 3000, 'the fill');
    const rest = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50, clientOrderId: 'ft-dup-rest' });
    await broker.cancelOrder(rest.id);
    await eventually(() => orders.some((o) => o.id === rest.id && o.status === 'canceled'), 3000, 'the cancel event');
    await new Promise((r) => setTimeout(r, 20));
    expect(fills).toHaveLength(1);
    expect(orders.filter((o) => o.id === rest.id && o.status === 'canceled')).toHaveLength(1);
    expect(network.fake.countByClientId('ft-dup-events')).toBe(1);
    expect((await broker.getPosition('AAPL'))?.quantity).toBe(5);
    recorder.assertLegal();
    await broker.disconnect();
  });

  it('an order canceled while the stream was down is reconciled to canceled', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const { orders, recorder } = record(broker);
    await broker.connect();
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50, clientOrderId: 'ft-cancel-gap' });
    await eventually(() => orders.some((o) => o.id === order.id && o.status === 'new'), 3000, 'acceptance');
    network.refuseStream = true;
    network.dropStream();
    network.fake.cancel(order.id);
    await new Promise((r) => setTimeout(r, 20));
    network.refuseStream = false;
    await eventually(() => orders.some((o) => o.id === order.id && o.status === 'canceled'), 3000, 'reconciliation');
    recorder.assertLegal();
    await broker.disconnect();
  });
});

describe('closing a position', () => {
  it('a lost answer is never resent: ConnectionError, outcome unknown, not retryable, one closing order', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network, { config: { streaming: false } });
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 4, clientOrderId: 'ft-close-open' });
    await eventually(() => network.fake.positions.has('AAPL'), 3000, 'the position');
    network.arm('reset', 'read');
    const error = await broker.adapter.closePosition('AAPL').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTION', outcome: 'unknown', retryable: false });
    expect(network.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    await eventually(() => !network.fake.positions.has('AAPL'), 3000, 'the close to fill');
    expect([...network.fake.orders.values()].filter((o) => o.side === 'sell')).toHaveLength(1);
  });
});
