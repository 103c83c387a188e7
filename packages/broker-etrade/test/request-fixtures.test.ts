// Static request fixtures: for each order type and term, the exact preview body the adapter sends
// and the exact place body that follows it, which must be the preview's fields unchanged plus the
// preview's id.
import { InvalidOrderError, parseOrderRequest, systemClock, type OrderRequestInput } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/order-requests.json' with { type: 'json' };
import { ACCOUNT } from './fake/fake-etrade.ts';
import { testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();
// Bodies as the fake recorded them: JSON, read field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Sent = any;
const base = `/v1/accounts/${ACCOUNT.accountIdKey}/orders`;

describe('preview and place request bodies', () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const network = net.use(new FakeNetwork(systemClock));
    network.fake.setQuote(c.request.symbol, { bid: 100, ask: 100.02, last: 100.01 });
    const broker = await testBroker(network);
    const order = await broker.submitOrder(c.request as OrderRequestInput);
    const sent = network.requests.filter((r) => r.path.startsWith(base) && r.method === 'POST');
    expect(sent.map((r) => r.path)).toEqual([`${base}/preview`, `${base}/place`]);
    const [preview, place] = sent as [(typeof sent)[0], (typeof sent)[0]];
    expect(preview.body).toEqual(c.preview);
    const previewId = [...network.fake.previews.keys()][0];
    expect(place.body).toEqual({ PlaceOrderRequest: { ...c.preview.PreviewOrderRequest, PreviewIds: [{ previewId }] } });
    expect(order.clientOrderId).toBe(c.request.clientOrderId);
    expect(order.symbol).toBe(c.request.symbol);
  });

  it('place carries the id the preview answered and the previewed parameters, byte for byte', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 7, type: 'limit', limitPrice: 0.1 + 0.2, timeInForce: 'gtc', clientOrderId: 'sameAsPreview1' });
    const [preview, place] = network.requests.filter((r) => r.method === 'POST') as unknown as [{ body: Sent }, { body: Sent }];
    const { PreviewIds, ...placed } = place.body.PlaceOrderRequest;
    expect(JSON.stringify(placed)).toBe(JSON.stringify(preview.body.PreviewOrderRequest));
    // The id is the one the fake's preview answer carried, not one the adapter made up.
    expect(PreviewIds).toEqual([{ previewId: [...network.fake.previews.keys()][0] }]);
    expect(preview.body.PreviewOrderRequest.Order[0].limitPrice).toBe(0.3);
  });

  it('a change previews and places through the change paths, with the order id and a new client order id', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    const first = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 10, clientOrderId: 'changeMe1' });
    const next = await broker.replaceOrder(first.id, { limitPrice: 11, clientOrderId: 'changed2' });
    const puts = network.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).toEqual([`${base}/${first.id}/change/preview`, `${base}/${first.id}/change/place`]);
    const [preview, place] = puts as unknown as [{ body: Sent }, { body: Sent }];
    expect(preview.body.PreviewOrderRequest.clientOrderId).toBe('changed2');
    expect(preview.body.PreviewOrderRequest.Order[0]).toMatchObject({ priceType: 'LIMIT', limitPrice: 11, Instrument: [{ quantity: 2, orderAction: 'BUY' }] });
    const { PreviewIds, ...placed } = place.body.PlaceOrderRequest;
    expect(placed).toEqual(preview.body.PreviewOrderRequest);
    expect(PreviewIds).toHaveLength(1);
    expect(next).toMatchObject({ replaces: first.id, limitPrice: 11, clientOrderId: 'changed2' });
    expect((await broker.getOrder(first.id)).status).toBe('replaced');
  });

  it('cancel sends CancelOrderRequest with the numeric order id', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 10 });
    await broker.cancelOrder(order.id);
    const cancel = network.requests.find((r) => r.path.endsWith('/orders/cancel'));
    expect(cancel).toMatchObject({ method: 'PUT', body: { CancelOrderRequest: { orderId: Number(order.id) } } });
    expect((await broker.getOrder(order.id)).status).toBe('canceled');
  });

  it('previewOrder is a dry run: one preview, no place, the preview id and E*TRADE\'s estimate back', async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    const req = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 100, clientOrderId: 'dryRun1' }, { clientOrderId: broker.capabilities.clientOrderId });
    const preview = await broker.adapter.previewOrder(req);
    expect(network.requests.filter((r) => r.path.includes('/orders/')).map((r) => r.path.split('/').pop())).toEqual(['preview']);
    expect(network.fake.orders.size).toBe(0);
    expect(preview.previewId).toBe([...network.fake.previews.keys()][0]);
    expect(preview.response.totalOrderValue).toBe(200);
    expect(preview.request.PreviewOrderRequest.clientOrderId).toBe('dryRun1');
  });

  it("E*TRADE's own rules are checked before anything is sent", async () => {
    const network = net.use(new FakeNetwork(systemClock));
    const broker = await testBroker(network);
    const refusals = [
      { symbol: 'AAPL', side: 'buy', quantity: 1, timeInForce: 'ioc' },
      { symbol: 'AAPL', side: 'buy', quantity: 1, type: 'stop', stopPrice: 10, extendedHours: true },
      { symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 150.125 },
    ] as const;
    for (const input of refusals) {
      const error = await broker.submitOrder(input).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(InvalidOrderError);
      expect(error).toMatchObject({ outcome: 'denied' });
    }
    expect(network.requests.filter((r) => r.path.includes('/orders'))).toEqual([]);
  });
});
