import { BrokerDecorator, withValidation, type Broker, type Order } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { ConformanceFailure, ObservedBroker } from '../src/index.ts';
import { ReferenceBroker } from './reference/reference-broker.ts';

async function observed(patch: (inner: Broker) => Partial<Broker> = () => ({})): Promise<{ broker: ObservedBroker; inner: Broker }> {
  const inner = withValidation(new ReferenceBroker());
  await inner.connect();
  const patched = Object.assign(new BrokerDecorator(inner), patch(inner));
  return { broker: new ObservedBroker(patched), inner };
}

describe('ObservedBroker', () => {
  it('counts calls and passes valid answers through', async () => {
    const { broker } = await observed();
    const order = await broker.submitOrder({ symbol: 'aapl', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 });
    expect(await broker.getOrder(order.id)).toMatchObject({ id: order.id, status: 'new' });
    expect(broker.calls).toMatchObject({ submitOrder: 1, getOrder: 1, listOrders: 0 });
  });

  it('fails an answer about something else than what was asked', async () => {
    const { broker } = await observed((inner) => ({ getOrder: async () => ({ ...(await inner.getOrder('R1')), id: 'R9' }) }));
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 });
    await expect(broker.getOrder('R1')).rejects.toThrow(new ConformanceFailure('getOrder(R1) returned order R9'));
  });

  it('fails a submission answer that does not echo the request', async () => {
    const { broker } = await observed((inner) => ({ submitOrder: async (req) => ({ ...(await inner.submitOrder(req)), limitPrice: 51 }) }));
    await expect(broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 })).rejects.toThrow('submitOrder() returned limitPrice 51, the request had 50');
  });

  it('shows an object the request carried in full, not as [object Object]', async () => {
    const sent = { symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 } as const;
    const { broker } = await observed((inner) => ({ submitOrder: async () => inner.submitOrder(sent) }));
    const request = { ...sent, limitPrice: { units: 5000, scale: 2 } as unknown as number };
    await expect(broker.submitOrder(request)).rejects.toThrow('submitOrder() returned limitPrice 50, the request had { units: 5000, scale: 2 }');
  });

  it('fails an order that goes back in its lifecycle between two answers', async () => {
    let stale: Order | undefined;
    const { broker, inner } = await observed((ref) => ({
      getOrder: async (id: string) => stale ?? ref.getOrder(id),
    }));
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 });
    stale = { ...order };
    await inner.cancelOrder(order.id);
    await expect(broker.listOrders()).resolves.toHaveLength(1);
    await expect(broker.getOrder(order.id)).rejects.toThrow(/canceled -> new cannot happen/);
  });

  it('fails a filtered list that returns what the filter excludes', async () => {
    const { broker } = await observed((inner) => ({ listOrders: async () => inner.listOrders() }));
    const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 3, type: 'limit', limitPrice: 50 });
    await expect(broker.listOrders({ status: 'closed' })).rejects.toThrow(`returned order ${order.id}, which is new`);
    await expect(broker.listOrders({ side: 'sell' })).rejects.toThrow('on side buy');
  });
});
