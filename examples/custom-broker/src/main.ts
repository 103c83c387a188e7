// Registers the custom-fixed plugin, buys 10 ACME and prints the position.
// Run from this folder: node --import tsx src/main.ts
import { BrokerRegistry } from '@invest/broker-core';
import { customFixedPlugin } from './plugin.ts';

const registry = new BrokerRegistry().register(customFixedPlugin);
const broker = registry.create('custom-fixed', { apiKey: 'demo-key-123', cash: 10_000, prices: { ACME: 12.5 } }, { name: 'demo' });

await broker.connect();
try {
  const order = await broker.submitOrder({ symbol: 'ACME', side: 'buy', quantity: 10 });
  console.log(`order ${order.status}: bought ${order.filledQuantity} ACME at ${order.averageFillPrice?.toFixed(2)}`);
  const position = await broker.getPosition('ACME');
  if (!position) throw new Error('no ACME position after the buy');
  console.log(`position: ${position.quantity} ACME, average cost ${position.averageCost.toFixed(2)}, value ${position.marketValue?.toFixed(2)}`);
  const account = await broker.getAccount();
  console.log(`cash: ${account.cash.toFixed(2)} ${account.currency}`);
} finally {
  await broker.disconnect();
}
