// Orders through the adapter against the fake TWS: what TWS receives, and what the user sees.
import type { Fill, Order } from '@invest/broker-core';
import type { FakeTws } from '@invest/fake-tws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IbkrBroker } from '../src/ibkr-broker.ts';
import { withValidation, type Broker } from '@invest/broker-core';
import { eventually, startFake, testAdapter } from './fake/harness.ts';

let tws: FakeTws;
let adapter: IbkrBroker;
let broker: Broker;
let orders: Order[];
let fills: Fill[];

beforeEach(async () => {
  tws = await startFake({ nextOrderId: 100 });
  adapter = testAdapter(tws);
  broker = withValidation(adapter);
  orders = [];
  fills = [];
  broker.events.on('order', (o) => orders.push(o));
  broker.events.on('fill', (f) => fills.push(f));
  await broker.connect();
});

afterEach(async () => {
  await broker.disconnect();
  await tws.stop();
});

describe('orders against the fake TWS', () => {
  it('a market buy carries the client order id in orderRef, fills, and emits one fill with its commission', async () => {
    const order = await broker.submitOrder({ symbol: 'aapl', side: 'buy', quantity: 10, clientOrderId: 'inv-mkt-1' });
    expect(order).toMatchObject({ id: '100', clientOrderId: 'inv-mkt-1', symbol: 'AAPL', side: 'buy', type: 'market' });
    expect(tws.engine.orders.get(100)).toMatchObject({ orderRef: 'inv-mkt-1', account: 'DU1234567', orderType: 'MKT', action: 'BUY' });
    await eventually(() => fills.length === 1, 3000, 'the fill');
    expect(fills[0]).toMatchObject({ orderId: '100', clientOrderId: 'inv-mkt-1', quantity: 10, price: 100.1, commission: 1 });
    const filled = await broker.getOrder('100');
    expect(filled).toMatchObject({ status: 'filled', filledQuantity: 10, averageFillPrice: 100.1 });
    expect(await broker.getPosition('AAPL')).toMatchObject({ quantity: 10, side: 'long', averageCost: 100.1 });
    expect(tws.problems).toEqual([]);
  });

  it('maps each order type and time in force to IB fields', async () => {
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50, timeInForce: 'gtc' });
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'stop', stopPrice: 150 });
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'stop_limit', stopPrice: 150, limitPrice: 151, timeInForce: 'opg' });
    await broker.submitOrder({ symbol: 'AAPL', side: 'sell', quantity: 1, type: 'trailing_stop', trailPrice: 2.5 });
    await broker.submitOrder({ symbol: 'AAPL', side: 'sell', quantity: 1, type: 'trailing_stop', trailPercent: 3 });
    const fields = [100, 101, 102, 103, 104].map((id) => {
      const o = tws.engine.orders.get(id)!;
      return [o.orderType, o.tif, o.lmtPrice, o.auxPrice, o.trailingPercent];
    });
    expect(fields).toEqual([
      ['LMT', 'GTC', 50, undefined, undefined],
      ['STP', 'DAY', undefined, 150, undefined],
      ['STP LMT', 'OPG', 151, 150, undefined],
      ['TRAIL', 'DAY', undefined, 2.5, undefined],
      ['TRAIL', 'DAY', undefined, undefined, 3],
    ]);
    const listed = await broker.listOrders({ status: 'open' });
    expect(listed.map((o) => [o.id, o.type, o.timeInForce, o.limitPrice, o.stopPrice, o.trailPrice, o.trailPercent])).toEqual([
      ['104', 'trailing_stop', 'day', undefined, undefined, undefined, 3],
      ['103', 'trailing_stop', 'day', undefined, undefined, 2.5, undefined],
      ['102', 'stop_limit', 'opg', 151, 150, undefined, undefined],
      ['101', 'stop', 'day', undefined, 150, undefined, undefined],
      ['100', 'limit', 'gtc', 50, undefined, undefined, undefined],
    ]);
  });

  it('refuses a time in force IB lacks before sending anything', async () => {
    await expect(broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50, timeInForce: 'cls' })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(tws.placements).toEqual([]);
  });

  it('a replace modifies the same order id; a cancel ends it canceled', async () => {
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 });
    const changed = await broker.replaceOrder(order.id, { limitPrice: 55 });
    expect(changed).toMatchObject({ id: order.id, limitPrice: 55, quantity: 3, status: 'new' });
    expect(tws.placements.map((p) => [p.orderId, p.modify])).toEqual([[100, false], [100, true]]);
    await broker.cancelOrder(order.id);
    await eventually(async () => (await broker.getOrder(order.id)).status === 'canceled', 3000, 'canceled');
    await expect(broker.replaceOrder(order.id, { limitPrice: 56 })).rejects.toMatchObject({ code: 'ORDER_STATE', outcome: 'denied' });
    expect(tws.placements).toHaveLength(2);
  });

  it('partial fills add up exactly and the order ends filled', async () => {
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 });
    tws.fill(100, '1', 50.1);
    tws.fill(100, '1', 50.2);
    tws.fill(100, '1', 50.3);
    await eventually(() => fills.length === 3, 3000, 'three fills');
    const done = await broker.getOrder(order.id);
    expect(done).toMatchObject({ status: 'filled', filledQuantity: 3 });
    expect(done.averageFillPrice).toBeCloseTo(50.2, 9);
    expect(orders.filter((o) => o.id === order.id).map((o) => [o.status, o.filledQuantity])).toEqual([['new', 0], ['partially_filled', 1], ['partially_filled', 2], ['filled', 3]]);
    expect(fills.map((f) => f.quantity)).toEqual([1, 1, 1]);
  });

  it('an IB rejection is an InvalidOrderError with outcome rejected and IB code', async () => {
    tws.faults.rejectNextOrder = { code: 201, text: 'Order rejected - reason: The contract is not available for short sale.' };
    const error = await broker.submitOrder({ symbol: 'AAPL', side: 'sell', quantity: 5 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_ORDER', outcome: 'rejected', brokerCode: 201 });
    tws.faults.rejectNextOrder = { code: 201, text: 'Order rejected - reason: insufficient equity with loan value' };
    await expect(broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 5 })).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', outcome: 'rejected' });
  });

  it('a bracket goes out as entry + two legs under parentId, transmitted by the last; legs wait, then work', async () => {
    const order = await broker.submitOrder({
      symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, orderClass: 'bracket', clientOrderId: 'inv-br-1',
      takeProfit: { limitPrice: 60 }, stopLoss: { stopPrice: 45 },
    });
    expect(order).toMatchObject({ id: '100', orderClass: 'bracket', status: 'new' });
    expect(order.legs?.map((l) => [l.id, l.parentId, l.side, l.type, l.status, l.clientOrderId])).toEqual([
      ['101', '100', 'sell', 'limit', 'held', 'inv-br-1.tp'],
      ['102', '100', 'sell', 'stop', 'held', 'inv-br-1.sl'],
    ]);
    expect([100, 101, 102].map((id) => [tws.engine.orders.get(id)!.parentId, tws.engine.orders.get(id)!.transmit])).toEqual([[0, true], [100, true], [100, true]]);
    // Field 27 of a placeOrder is transmit: only the last order of the group sends it.
    expect(tws.received.filter((m) => m.id === 3).map((m) => m.fields[27])).toEqual(['0', '0', '1']);
    tws.fill(100, '2', 50);
    await eventually(async () => (await broker.getOrder('101')).status === 'new', 2000, 'legs released');
    expect((await broker.getOrder('102')).status).toBe('new');
  });

  it('an OCO is a take-profit and a stop in one OCA group; canceling it cancels both', async () => {
    const order = await broker.submitOrder({
      symbol: 'AAPL', side: 'sell', quantity: 2, type: 'limit', limitPrice: 120, orderClass: 'oco',
      takeProfit: { limitPrice: 120 }, stopLoss: { stopPrice: 80 },
    });
    expect(order).toMatchObject({ id: '100', orderClass: 'oco', type: 'limit', limitPrice: 120 });
    expect(order.legs).toMatchObject([{ id: '101', parentId: '100', type: 'stop', stopPrice: 80, orderClass: 'oco' }]);
    expect([100, 101].map((id) => tws.engine.orders.get(id)!.ocaGroup)).toEqual(['oco-100', 'oco-100']);
    await broker.cancelOrder(order.id);
    await eventually(async () => (await broker.getOrder('101')).status === 'canceled', 2000, 'both canceled');
    expect((await broker.getOrder('100')).status).toBe('canceled');
  });

  it('an OCO whose type is not the take-profit limit is refused before sending', async () => {
    await expect(broker.submitOrder({ symbol: 'AAPL', side: 'sell', quantity: 1, orderClass: 'oco', takeProfit: { limitPrice: 120 }, stopLoss: { stopPrice: 80 } }))
      .rejects.toMatchObject({ code: 'INVALID_ORDER', outcome: 'denied', field: 'type' });
    expect(tws.placements).toEqual([]);
  });

  it('unknown order ids are OrderNotFoundError, for getOrder and cancelOrder', async () => {
    await expect(broker.getOrder('999')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    await expect(broker.cancelOrder('999')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND', brokerCode: 10147 });
    await expect(broker.cancelOrder('not-a-number')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });
});
