// The tiny plugin, created through a registry exactly as a user would, against the shared
// conformance suite; and the plan of which cases run, pinned so a change in capabilities shows.
import { BrokerRegistry } from '@invest/broker-core';
import { brokerConformanceSuite, planConformance } from '@invest/broker-testkit';
import { describe, expect, it } from 'vitest';
import { tinyPlugin } from '../src/index.js';

const registry = new BrokerRegistry().register(tinyPlugin);
const createBroker = () => ({ broker: registry.create('tiny', { cash: 10_000, prices: { ACME: 10 } }, { name: 'conformance' }) });

brokerConformanceSuite({ name: 'tiny plugin', createBroker, symbol: 'ACME' });

describe('tiny plugin', () => {
  it('runs every case its capabilities allow', () => {
    const plan = planConformance(createBroker().broker.capabilities, { market: false, faults: { timeoutAfterSend: false } });
    expect(plan.filter((p) => p.status === 'run').map((p) => p.case.id)).toEqual(['BC-01', 'BC-02', 'BC-03', 'BC-04', 'BC-05', 'BC-06', 'BC-21', 'BC-22', 'BC-23', 'BC-24', 'BC-26']);
  });

  it('is refused by core before it is called: a limit order is not in its capabilities', async () => {
    const broker = createBroker().broker;
    await broker.connect();
    await expect(broker.submitOrder({ symbol: 'ACME', side: 'buy', quantity: 1, type: 'limit', limitPrice: 9 })).rejects.toMatchObject({ code: 'NOT_SUPPORTED', outcome: 'denied' });
    expect(await broker.listOrders()).toEqual([]);
  });
});
