// Faults at the fake TWS: drops mid-order, restarts with other ids, fills racing cancels,
// duplicated executions, refusals, silence. The adapter must never resend an order, never reuse
// an order id, never count a fill twice, and end in the right state.
import { withValidation, type Broker, type Fill, type Order } from '@invest/broker-core';
import { FakeTws } from '@invest/fake-tws';
import { afterEach, describe, expect, it } from 'vitest';
import type { IbkrBroker } from '../src/ibkr-broker.ts';
import { eventually, startFake, testAdapter } from './fake/harness.ts';

let tws: FakeTws;
let adapter: IbkrBroker;
let broker: Broker;
let fills: Fill[];
let orders: Order[];

async function setUp(options: ConstructorParameters<typeof FakeTws>[0] = {}): Promise<void> {
  tws = await startFake(options);
  adapter = testAdapter(tws);
  broker = withValidation(adapter);
  fills = [];
  orders = [];
  broker.events.on('fill', (f) => fills.push(f));
  broker.events.on('order', (o) => orders.push(o));
  await broker.connect();
}

afterEach(async () => {
  await broker.disconnect();
  await tws.stop();
});

const placementsOf = (ref: string): number => tws.placements.filter((p) => p.orderRef === ref && !p.modify).length;

describe('faults', () => {
  it('the connection drops right after a limit order was sent: found by orderRef after the reconnect, not resent', async () => {
    await setUp();
    tws.faults.dropOnNextOrder = true;
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, clientOrderId: 'inv-drop-1' });
    expect(order).toMatchObject({ clientOrderId: 'inv-drop-1', status: 'new', limitPrice: 50 });
    expect(placementsOf('inv-drop-1')).toBe(1);
    expect(tws.ordersByRef('inv-drop-1')).toHaveLength(1);
    expect(adapter.connected).toBe(true);
  });

  it('a market order that filled while the connection was down is found by its executions, with one fill', async () => {
    await setUp();
    tws.faults.dropOnNextOrder = true;
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 4, clientOrderId: 'inv-drop-2' });
    expect(order).toMatchObject({ clientOrderId: 'inv-drop-2', status: 'filled', filledQuantity: 4 });
    expect(placementsOf('inv-drop-2')).toBe(1);
    await eventually(() => fills.length >= 1, 2000, 'the fill');
    await new Promise((r) => setTimeout(r, 150));
    expect(fills.map((f) => [f.clientOrderId, f.quantity])).toEqual([['inv-drop-2', 4]]);
  });

  it('an order TWS never answers is found by orderRef among open orders, not resent', async () => {
    await setUp();
    tws.faults.silentOnNextOrder = true;
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'sell', quantity: 1, type: 'limit', limitPrice: 500, clientOrderId: 'inv-silent' });
    expect(order).toMatchObject({ clientOrderId: 'inv-silent', status: 'new' });
    expect(placementsOf('inv-silent')).toBe(1);
  });

  it('after a restart with a higher next id, new orders take ids from it; ids are never reused', async () => {
    await setUp({ nextOrderId: 10 });
    const first = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 });
    const back = new Promise<void>((resolve) => broker.events.once('connected', () => resolve()));
    await tws.restart({ nextOrderId: 500, downMs: 50 });
    await back;
    const second = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 });
    expect([first.id, second.id]).toEqual(['10', '500']);
  });

  it('a TWS that comes back announcing a lower next id does not make the adapter reuse an id', async () => {
    await setUp({ nextOrderId: 40 });
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 });
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 });
    const port = tws.port;
    const dropped = new Promise((resolve) => broker.events.once('disconnected', resolve));
    await tws.stop();
    await dropped;
    tws = new FakeTws({ nextOrderId: 1 });
    await tws.start(port);
    tws.setQuote('AAPL', { bid: 99.9, ask: 100.1, last: 100 });
    await eventually(() => adapter.connected, 3000, 'reconnect to the new TWS');
    const next = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 });
    expect(next.id).toBe('42');
  });

  it('a fill arriving after the cancel was confirmed follows the race rule: the order ends filled, one fill', async () => {
    await setUp();
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 });
    tws.faults.fillOnCancel = true;
    await broker.cancelOrder(order.id);
    await eventually(() => fills.length === 1, 2000, 'the fill after the cancel');
    const final = await broker.getOrder(order.id);
    expect(final).toMatchObject({ status: 'filled', filledQuantity: 3 });
    expect(orders.filter((o) => o.id === order.id).map((o) => o.status)).toEqual(['new', 'canceled', 'filled']);
  });

  it('a duplicated execDetails (same execId) is one fill', async () => {
    await setUp();
    tws.duplicateExecutions = true;
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 5, type: 'limit', limitPrice: 50 });
    tws.fill(Number(order.id), '2', 50);
    tws.fill(Number(order.id), '3', 49.5);
    await eventually(async () => (await broker.getOrder(order.id)).status === 'filled', 2000, 'filled');
    await new Promise((r) => setTimeout(r, 200));
    expect(fills.map((f) => f.quantity)).toEqual([2, 3]);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(2);
  });

  it('fills that happened while disconnected arrive after the reconnect, once (reconciliation)', async () => {
    await setUp();
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 6, type: 'limit', limitPrice: 50 });
    tws.fill(Number(order.id), '1', 50);
    await eventually(() => fills.length === 1, 2000, 'the first fill');
    const restart = tws.restart({ downMs: 150 });
    await eventually(() => !adapter.connected, 2000, 'the drop');
    tws.fill(Number(order.id), '5', 49.9);
    await restart;
    await eventually(() => fills.length === 2, 3000, 'the fill made while down');
    await eventually(async () => (await broker.getOrder(order.id)).status === 'filled', 2000, 'filled');
    expect(fills.map((f) => f.quantity)).toEqual([1, 5]);
    expect((await broker.getOrder(order.id)).filledQuantity).toBe(6);
  });

  it('an order TWS never answered and that ended before the lookup is found among completed orders, not resent', async () => {
    await setUp();
    tws.faults.silentOnNextOrder = true;
    const submitted = broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, clientOrderId: 'inv-ended' });
    await eventually(() => tws.ordersByRef('inv-ended').length === 1, 2000, 'the order at TWS');
    // Canceled at TWS without a word to the client (as if by TWS's own user while the answer was lost).
    tws.ordersByRef('inv-ended')[0]!.status = 'Cancelled';
    const order = await submitted;
    expect(order).toMatchObject({ clientOrderId: 'inv-ended', status: 'canceled', filledQuantity: 0, limitPrice: 50 });
    expect(placementsOf('inv-ended')).toBe(1);
  });

  it('an order canceled at TWS while the connection was down is canceled after the reconnect', async () => {
    await setUp();
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50 });
    const restart = tws.restart({ downMs: 150 });
    await eventually(() => !adapter.connected, 2000, 'the drop');
    tws.engine.cancel(tws.engine.orders.get(Number(order.id))!);
    await restart;
    await eventually(() => orders.some((o) => o.id === order.id && o.status === 'canceled'), 3000, 'canceled after reconciliation');
  });

  it('a refusal by IB code ends the submit as rejected and leaves no order', async () => {
    await setUp();
    tws.faults.rejectNextOrder = { code: 110, text: 'The price does not conform to the minimum price variation for this contract.' };
    await expect(broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50.123 })).rejects.toMatchObject({ code: 'INVALID_ORDER', outcome: 'rejected', brokerCode: 110 });
    expect(await broker.listOrders({ status: 'open' })).toEqual([]);
  });
});
