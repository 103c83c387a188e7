// pnpm bench for @invest/multi-broker: each figure beside a baseline from the same run.
import { BrokerDecorator, BrokerRegistry, type Broker, type Position } from '@invest/broker-core';
import { simPlugin } from '@invest/broker-sim';
import { consolidatePositions, MultiBrokerManager, splitQuantity } from '../src/index.ts';
import { percentile, result, writeResults, type BenchResult } from '../../../tools/bench/harness.ts';
import { measureJournalCost, spreadOf } from './journal-cost.ts';

const results: BenchResult[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A broker that answers every call after `ms` (a slow network). */
class Slow extends BrokerDecorator {
  constructor(inner: Broker, private readonly ms: number) {
    super(inner);
  }
  override async getAccount() { await sleep(this.ms); return this.inner.getAccount(); }
  override async getPosition(s: string) { await sleep(this.ms); return this.inner.getPosition(s); }
  override async getQuote(s: string) { await sleep(this.ms); return this.inner.getQuote(s); }
  override async submitOrder(r: Parameters<Broker['submitOrder']>[0]) { await sleep(this.ms); return this.inner.submitOrder(r); }
}

const registry = new BrokerRegistry().register(simPlugin);
const sim = (name: string) => registry.create('sim', { initialCash: 1_000_000, session: 'always', prices: { kind: 'static', quotes: { AAPL: { bid: 99.9, ask: 100.1, last: 100 } } }, stateFile: ':memory:' }, { name });

// 1. A distributed order across 10 brokers that each answer after 50 ms, vs one broker's order.
async function wall(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}
const one = new MultiBrokerManager();
one.addBroker('b0', new Slow(sim('b0'), 50));
const ten = new MultiBrokerManager();
for (let i = 0; i < 10; i++) ten.addBroker(`b${i}`, new Slow(sim(`b${i}`), 50));
await one.connectAll();
await ten.connectAll();
const oneMs = await wall(() => one.submitOrder('b0', { symbol: 'AAPL', side: 'buy', quantity: 10 }));
const tenMs = await wall(() => ten.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 100 }));
results.push(result('distributed order, 10 brokers answering after 50 ms (wall time)', tenMs, 'ms', { name: 'one broker, same order path', value: oneMs },
  { text: '<= 1.2x', met: tenMs / oneMs <= 1.2 }));

// 2. Consolidation of 20 brokers x 10,000 positions vs a plain loop over the same positions.
const perBroker = Array.from({ length: 20 }, (_, b) => ({
  broker: `b${b}`,
  positions: Array.from({ length: 10_000 }, (_, i): Position => {
    // Figures as a broker sends them: exact decimals (cents), not float products.
    const quantity = ((i * 7 + b) % 500) + 1;
    const cents = 1000 + ((i * 13 + b * 7) % 9000);
    const averageCost = cents / 100;
    const costBasis = (quantity * cents) / 100;
    const marketValue = (quantity * (cents + 5)) / 100;
    return { symbol: `S${i}`, quantity, side: 'long', averageCost, costBasis, marketValue, unrealizedPnl: (quantity * 5) / 100 };
  }),
}));
const once = (fn: () => unknown): number => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const floatMapSum = () => {
  const totals = new Map<string, number>();
  for (const { positions } of perBroker) for (const p of positions) totals.set(p.symbol, (totals.get(p.symbol) ?? 0) + p.quantity);
  return totals;
};
// Interleaved rounds (after a warm-up of each), so both see the same machine state; the figure
// is the median of each, and their ratio.
for (let i = 0; i < 3; i++) {
  consolidatePositions(perBroker);
  floatMapSum();
}
const consolidateRuns: number[] = [];
const loopRuns: number[] = [];
for (let i = 0; i < 15; i++) {
  consolidateRuns.push(once(() => consolidatePositions(perBroker)));
  loopRuns.push(once(floatMapSum));
}
const spread = (runs: number[]) => `min ${percentile(runs, 0).toFixed(1)} / median ${percentile(runs, 50).toFixed(1)} / max ${percentile(runs, 100).toFixed(1)} ms`;
const consolidateMs = percentile(consolidateRuns, 50);
const loopMs = percentile(loopRuns, 50);
console.log(`consolidate 20 x 10,000: ${spread(consolidateRuns)}; float Map sum: ${spread(loopRuns)}; ratio of medians ${(consolidateMs / loopMs).toFixed(2)}x`);
results.push(result('consolidate 20 brokers x 10,000 positions (exact, with breakdown), median of 15', consolidateMs, 'ms', { name: 'float sum of quantities by symbol (Map), median of 15', value: loopMs },
  { text: '<= 3x the float Map sum', met: consolidateMs / loopMs <= 3 }));

// 3. Split across 5 accounts: p99 of single calls vs a naive float split.
const weights = [{ name: 'a', weight: 3 }, { name: 'b', weight: 2.5 }, { name: 'c', weight: 1 }, { name: 'd', weight: 0.7 }, { name: 'e', weight: 2 }];
const samples = (fn: (i: number) => unknown, n = 20_000): number[] => {
  for (let i = 0; i < 2000; i++) fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
};
const splitP99 = percentile(samples((i) => splitQuantity(1000 + (i % 997), weights)), 99);
const naiveP99 = percentile(samples((i) => weights.map((w) => Math.round(((1000 + (i % 997)) * w.weight) / 9.2))), 99);
results.push(result('split across 5 accounts (largest remainder, exact), p99', splitP99, 'ms', { name: 'naive float split (round each share), p99', value: naiveP99 },
  { text: 'p99 <= 1 ms', met: splitP99 <= 1 }));

// 4. Journal record cost with 100,000 rows vs 100 (intents + outcomes per second, each record one
// committed transaction), under both sync policies. `full` (the default): every commit survives a
// power cut; `normal`: every commit survives a killed process.
for (const sync of ['full', 'normal'] as const) {
  const cost = await measureJournalCost(sync, [100, 100_000]);
  const small = percentile(cost.small, 50);
  const large = percentile(cost.large, 50);
  console.log(`journal (sync ${sync}): 100 rows ${spreadOf(cost.small)}; 100,000 rows ${spreadOf(cost.large)}; ratio of medians ${(large / small).toFixed(2)}x`);
  const minMedianMax = (runs: number[]) => ({ min: percentile(runs, 0), median: percentile(runs, 50), max: percentile(runs, 100) });
  results.push({
    ...result(`journal records/s (intent + outcome, one transaction each, sync ${sync}) with 100,000 rows, median of 7 x 400`, large, 'records/s',
      { name: `same with 100 rows (sync ${sync})`, value: small }, { text: '>= 0.8x the 100-row rate', met: large / small >= 0.8 }),
    spread: { value: minMedianMax(cost.large), baseline: minMedianMax(cost.small) },
  } as BenchResult);
}

writeResults('multi-broker', results);
