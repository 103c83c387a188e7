// Schwab keeps no client order id: the adapter records each one in the invest home's state.db
// before the order is sent, so another process (after a crash, the journal's reconciliation,
// `invest orders`) finds the order by its client order id, even one whose answer was lost.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOrderRequest, UnknownOutcomeError } from '@invest/broker-core';
import { ClientOrderIds, orderIdsPath } from '../src/index.ts';
import { describe, expect, it } from 'vitest';
import { testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
const LIMIT = { symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 } as const;

describe('client order ids in the invest home', () => {
  it('another process finds a placed order by its client order id and lists it under that id', async () => {
    const home = await mkdtemp(join(tmpdir(), 'schwab-home-'));
    const network = net.use(new FakeNetwork());
    const first = testBroker(network, { name: 'schwab-main', ctx: { home } });
    const placed = await first.submitOrder({ ...LIMIT, clientOrderId: 'rebalance-1' });
    await first.disconnect();
    const other = testBroker(network, { name: 'schwab-main', ctx: { home } });
    expect(await other.findOrderByClientId('rebalance-1')).toMatchObject({ id: placed.id, clientOrderId: 'rebalance-1' });
    expect((await other.listOrders()).map((o) => o.clientOrderId)).toEqual(['rebalance-1']);
    expect(await other.findOrderByClientId('never-placed')).toBeUndefined();
    // Another account in the same home does not see this account's ids.
    expect(await testBroker(network, { name: 'schwab-other', ctx: { home } }).findOrderByClientId('rebalance-1')).toBeUndefined();
  });

  it('a send whose answer was lost and stayed unknown is found by a later process among recent orders, not resent', async () => {
    const home = await mkdtemp(join(tmpdir(), 'schwab-home-'));
    const network = net.use(new FakeNetwork({ faultDelayMs: 600 }));
    const first = testBroker(network, { name: 'schwab-main', ctx: { home }, tuning: { lookup: { attempts: 0, delayMs: 1 } } });
    network.arm('timeout');
    const error = await first.submitOrder({ ...LIMIT, clientOrderId: 'lost-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    const later = testBroker(network, { name: 'schwab-main', ctx: { home } });
    expect(await later.findOrderByClientId('lost-1')).toMatchObject({ clientOrderId: 'lost-1', symbol: 'AAPL', quantity: 3, limitPrice: 50 });
    expect(network.orderRequests).toBe(1);
    expect(network.fake.book.orders.size).toBe(1);
  });

  it('without a home the ids live in memory, for the instance that placed', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const order = await broker.submitOrder({ ...LIMIT, clientOrderId: 'mem-1' });
    await broker.disconnect();
    await broker.connect();
    expect(await broker.findOrderByClientId('mem-1')).toMatchObject({ id: order.id });
    expect(await testBroker(network).findOrderByClientId('mem-1')).toBeUndefined();
  });
});

describe('client order ids without an invest home', () => {
  it('keeps the newest rows in memory, not every order the process ever placed; a home keeps them all', async () => {
    const req = parseOrderRequest({ ...LIMIT, clientOrderId: 'x' });
    const place = (ids: ClientOrderIds, n: number): void => {
      for (let i = 0; i < n; i++) {
        ids.sending(`c-${i}`, { req, sentAt: 1_000 + i });
        ids.record(`c-${i}`, `${9_000 + i}`, 1_000 + i);
      }
    };
    const memory = new ClientOrderIds(undefined, 'schwab-main', 10);
    place(memory, 35);
    expect(memory.size()).toBeLessThanOrEqual(11);
    expect(memory.orderIdOf('c-34')).toBe('9034');
    expect(memory.clientIdOf('9025')).toBe('c-25');
    expect(memory.orderIdOf('c-0')).toBeUndefined();
    const home = await mkdtemp(join(tmpdir(), 'schwab-home-'));
    const disk = new ClientOrderIds(orderIdsPath(home), 'schwab-main', 10);
    place(disk, 35);
    expect(disk.size()).toBe(35);
    expect(disk.orderIdOf('c-0')).toBe('9000');
    disk.close();
  });
});
