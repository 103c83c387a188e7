// E*TRADE does not echo client order ids: what one process placed is found by another through
// the placed log in the invest home (the preview id each order carries), even when the first one
// lost the answer and stopped.
import { mkdtemp } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, UnknownOutcomeError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { NAME, testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
const LIMIT = { symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 100 } as const;

describe('placed log', () => {
  it('another process finds an order by its client order id and lists it under that id', async () => {
    const home = await mkdtemp(join(tmpdir(), 'etrade-home-'));
    const network = net.use(new FakeNetwork(systemClock));
    const placed = await (await testBroker(network, { ctx: { home } })).submitOrder({ ...LIMIT, clientOrderId: 'rebalance-2026-01-12:AAPL' });
    const db = new DatabaseSync(join(home, 'state.db'), { readOnly: true });
    expect(db.prepare('SELECT account, client_order_id, sent, order_id FROM etrade_placed').all()).toEqual([
      { account: NAME, client_order_id: 'rebalance-2026-01-12:AAPL', sent: 'Hb4YB8vH8a5H765imJHq', order_id: placed.id },
    ]);
    db.close();
    const other = await testBroker(network, { ctx: { home } });
    expect(await other.findOrderByClientId('rebalance-2026-01-12:AAPL')).toMatchObject({ id: placed.id, clientOrderId: 'rebalance-2026-01-12:AAPL' });
    expect((await other.listOrders()).map((o) => o.clientOrderId)).toEqual(['rebalance-2026-01-12:AAPL']);
    expect(await other.findOrderByClientId('never-placed')).toBeUndefined();
  });

  it('after a lost answer that left the outcome unknown, a later process finds the order by the recorded preview', async () => {
    const home = await mkdtemp(join(tmpdir(), 'etrade-home-'));
    const network = net.use(new FakeNetwork(systemClock));
    const first = await testBroker(network, { ctx: { home }, tuning: { lookup: { attempts: 0, delayMs: 1 } } });
    network.arm('reset');
    const error = await first.submitOrder({ ...LIMIT, clientOrderId: 'lostAnswer1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    const later = await testBroker(network, { ctx: { home } });
    const found = await later.findOrderByClientId('lostAnswer1');
    expect(found).toMatchObject({ clientOrderId: 'lostAnswer1', symbol: 'AAPL', quantity: 3 });
    expect(network.fake.orders.size).toBe(1);
    expect(network.placeRequests).toBe(1);
  });

  it('the row is committed before the place is sent: a place whose record cannot be written is not sent', async () => {
    const home = await mkdtemp(join(tmpdir(), 'etrade-home-'));
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network, { ctx: { home } });
    // Another connection holds the write lock past the wait: the record fails, so nothing is sent.
    const holder = new DatabaseSync(join(home, 'state.db'));
    holder.exec('PRAGMA busy_timeout = 0; CREATE TABLE IF NOT EXISTS hold (v INTEGER); BEGIN IMMEDIATE');
    const error = await broker.submitOrder({ ...LIMIT, clientOrderId: 'notRecorded1' }).catch((e: unknown) => e);
    holder.exec('ROLLBACK');
    holder.close();
    expect(error).toMatchObject({ outcome: 'denied' });
    expect(network.placeRequests).toBe(0);
  }, 30_000);

  it('without a home nothing is written and lookups still work in the process that placed', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    const order = await broker.submitOrder({ ...LIMIT, clientOrderId: 'noHome1' });
    expect(await broker.findOrderByClientId('noHome1')).toMatchObject({ id: order.id });
  });
});
