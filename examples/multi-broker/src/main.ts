// The original README's "Multi-Broker Usage", on this toolkit: create a manager, add two accounts
// (the second with weight 0.5), connect them, split one order across them by weight, and print
// the consolidated positions. Both accounts are simulations, so it runs anywhere, offline.
// Run from this folder: node --import tsx src/main.ts
import { BrokerRegistry } from '@invest/broker-core';
import { simPlugin } from '@invest/broker-sim';
import { MultiBrokerManager } from '@invest/multi-broker';

// The original's BrokerFactory.create_broker(BrokerType.SIMULATION, {...}): a registry holds the
// plugins, `create` validates the config (`initialCash` is the original's `initial_balance`).
const registry = new BrokerRegistry().register(simPlugin);
const simulation = (name: string) =>
  registry.create('sim', {
    initialCash: 100_000,
    session: 'always', // always open: the example runs the same at night and at weekends
    stateFile: ':memory:', // nothing on disk: every run starts from the same cash
    prices: { kind: 'static', quotes: { TSLA: 250 } },
  }, { name });

const manager = new MultiBrokerManager();
// Where the original added its Alpaca account, a second simulation stands in.
manager.addBroker('alpaca', simulation('alpaca'), { isDefault: true });
manager.addBroker('simulation', simulation('simulation'), { weight: 0.5 });

const connected = await manager.connectAll();
try {
  for (const c of connected) if (!c.ok) throw c.error;
  const account = await manager.get('alpaca').getAccount();
  console.log(`Portfolio Value: $${account.portfolioValue.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);

  // submit_order_distributed(symbol="TSLA", total_quantity=100, side=OrderSide.BUY)
  const result = await manager.submitOrderDistributed({ symbol: 'TSLA', side: 'buy', quantity: 100 });
  for (const leg of result.legs) {
    console.log(leg.status === 'accepted' ? `${leg.broker}: bought ${leg.order.filledQuantity} TSLA` : `${leg.broker}: ${leg.status}`);
  }
  console.log(`accepted ${result.acceptedQuantity} of 100 (${result.complete ? 'complete' : 'partial'})`);

  // get_consolidated_positions()
  const { positions, errors } = await manager.getConsolidatedPositions();
  for (const e of errors) if (!e.ok) throw e.error;
  for (const p of positions) {
    const parts = p.breakdown.map((s) => `${s.broker} ${s.position.quantity}`).join(', ');
    console.log(`${p.symbol}: ${p.quantity} shares (${parts})`);
  }
} finally {
  await manager.disconnectAll();
}
