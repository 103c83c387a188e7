import { ManualClock } from '@invest/broker-core';
import { createSimBroker } from '../src/index.ts';
const mk = async () => { const sim = createSimBroker({ initialCash: 10_000_000, accountType: 'margin', shortSelling: true, session: 'always', prices: { kind: 'none' } }, { clock: new ManualClock(Date.parse('2026-03-02T15:00:00Z')) });
await sim.setQuote('AAPL', { bid: 99.99, ask: 100.01, last: 100 }); return sim; };
for (let s = 0; s < 5; s++) {
  const sim = await mk();
  const t = performance.now();
  for (let i = 0; i < 40000; i++) await sim.submitOrder({ symbol: 'AAPL', side: i % 2 ? 'sell' : 'buy', quantity: 1 });
  console.log('market/s', Math.round(40000 / ((performance.now() - t) / 1000)));
}
for (let s = 0; s < 3; s++) {
  const sim = await mk();
  const t = performance.now();
  for (let i = 0; i < 10000; i++) await sim.submitOrder({ symbol: 'AAPL', side: i % 2 ? 'sell' : 'buy', quantity: 1, type: 'limit', timeInForce: 'gtc', limitPrice: i % 2 === 0 ? 90 - (i % 500) / 100 : 110 + (i % 500) / 100 });
  console.log('limit/s', Math.round(10000 / ((performance.now() - t) / 1000)));
}
