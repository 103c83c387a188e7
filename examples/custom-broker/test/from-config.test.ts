// A third-party plugin gets risk limits and the order journal with no code of its own: listed in
// an Invest config and built by managerFromConfig, the example plugin's orders are refused by the
// limits before anything is sent, and every order is journaled.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerRegistry, RiskLimitError } from '@invest/broker-core';
import { managerFromConfig, OrderJournal } from '@invest/multi-broker';
import { expect, it } from 'vitest';
import { customFixedPlugin } from '../src/index.ts';

it('managerFromConfig wraps the plugin with risk limits and the journal', async () => {
  const home = await mkdtemp(join(tmpdir(), 'custom-fixed-config-'));
  await writeFile(join(home, 'brokers.json'), JSON.stringify({
    default_broker: 'fixed',
    brokers: { fixed: { type: 'custom-fixed', apiKey: 'demo-key-123', cash: 10_000, prices: { ACME: 12.5 }, max_position_size: 0.1 } },
  }));
  const registry = new BrokerRegistry().register(customFixedPlugin);
  const manager = await managerFromConfig({ registry, env: { INVEST_HOME: home } });
  await manager.connectAll();

  // 100 ACME at 12.50 is 1,250: 12.5% of 10,000, over the 10% limit.
  const refused = manager.submitOrder('fixed', { symbol: 'ACME', side: 'buy', quantity: 100 });
  await expect(refused).rejects.toBeInstanceOf(RiskLimitError);
  await expect(refused).rejects.toMatchObject({
    name: 'RiskLimitError', rule: 'max_position_size', outcome: 'denied',
  });
  expect(await manager.get('fixed').listOrders({ status: 'all' })).toHaveLength(0);

  const order = await manager.submitOrder('fixed', { symbol: 'ACME', side: 'buy', quantity: 40 });
  expect(order).toMatchObject({ status: 'filled', quantity: 40 });
  await manager.disconnectAll();

  const records = (await OrderJournal.open(join(home, 'state.db'))).records();
  expect(records.map((r) => [r.type, 'kind' in r ? r.kind : undefined])).toEqual([['intent', undefined], ['outcome', 'denied'], ['intent', undefined], ['outcome', 'accepted']]);
  expect(records.every((r) => r.broker === 'fixed')).toBe(true);
});
