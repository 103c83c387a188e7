// The persisted path of `pnpm bench`: market orders with 100,000 orders of history against 100,
// and durable orders per second, on the state database (sync policy `full`, the default).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type OrderRequestInput } from '@invest/broker-core';
import { result, type BenchResult } from '../../../tools/bench/harness.ts';
import { createSimBroker, type SimAccount, type SimConfigInput } from '../src/index.ts';
import { sampleRates, spread, withSpread } from './samples.ts';

const START = Date.parse('2026-03-02T15:00:00Z');
const CONFIG: SimConfigInput = { initialCash: 10_000_000, accountType: 'margin', shortSelling: true, session: 'always', prices: { kind: 'none' } };
const order = (i: number): OrderRequestInput => ({ symbol: 'AAPL', side: i % 2 === 0 ? 'buy' : 'sell', quantity: 1 });

/**
 * A persisted account with `history` filled orders behind it: built in memory, exported, and
 * imported from that state file (the import path of an upgrade), then read once.
 */
async function accountWithHistory(dir: string, history: number, sync: 'full' | 'normal'): Promise<SimAccount> {
  const clock = new ManualClock(START);
  const memory = createSimBroker(CONFIG, { clock, name: 'bench' });
  await memory.setQuote('AAPL', { bid: 99.99, ask: 100.01, last: 100 });
  for (let i = 0; i < history; i++) await memory.submitOrder(order(i));
  const file = join(dir, `history-${history}-${sync}.json`);
  writeFileSync(file, await memory.exportState());
  const sim = createSimBroker({ ...CONFIG, stateSync: sync }, { clock, stateFile: file, name: 'bench' });
  await sim.getAccount();
  return sim;
}

/** Persisted results: history ratio and durable orders per second. */
export async function persistedResults(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sim-bench-'));
  try {
    const small = await accountWithHistory(dir, 100, 'full');
    const large = await accountWithHistory(dir, 100_000, 'full');
    // Alternate the two accounts sample by sample, so drift in the machine hits both alike.
    const smallRates: number[] = [];
    const largeRates: number[] = [];
    let i = 0;
    for (let s = 0; s < 7; s++) {
      smallRates.push(...(await sampleRates(() => small.submitOrder(order(i++)), 300, 1, s === 0 ? 200 : 0)));
      largeRates.push(...(await sampleRates(() => large.submitOrder(order(i++)), 300, 1, s === 0 ? 200 : 0)));
    }
    const usSmall = smallRates.map((r) => 1e6 / r);
    const usLarge = largeRates.map((r) => 1e6 / r);
    const ratio = spread(usLarge).median / spread(usSmall).median;
    const out: BenchResult[] = [];
    out.push(withSpread(
      result('persisted market order, 100,000 orders of history (per-order time; ratio = slowdown vs 100)', spread(usLarge).median, 'us/order',
        { name: 'the same with 100 orders of history', value: spread(usSmall).median }, { text: 'slowdown <= 1.5x (ratio <= 1.5)', met: ratio <= 1.5 }),
      usLarge, usSmall, 'sync full (every commit fsynced: survives a power cut); WAL',
    ));
    // Two simulators on one account taking turns: every order first reads what the other wrote.
    const second = (sim: SimAccount): SimAccount => createSimBroker(CONFIG, { clock: new ManualClock(START), stateFile: sim.stateFile as string, name: 'bench' });
    const pairs = [[small, second(small)], [large, second(large)]] as const;
    for (const [, other] of pairs) await other.getAccount();
    const turnSmall: number[] = [];
    const turnLarge: number[] = [];
    for (let s = 0; s < 7; s++) {
      for (const [k, [a, b]] of pairs.entries()) {
        const rates = await sampleRates((n) => (n % 2 ? a : b).submitOrder(order(i++)), 300, 1, s === 0 ? 100 : 0);
        (k === 0 ? turnSmall : turnLarge).push(...rates.map((r) => 1e6 / r));
      }
    }
    const turnRatio = spread(turnLarge).median / spread(turnSmall).median;
    out.push(withSpread(
      result('two simulators taking turns on one persisted account, 100,000 orders of history (per-order time, each catching up with the other; ratio = slowdown vs 100)', spread(turnLarge).median, 'us/order',
        { name: 'the same with 100 orders of history', value: spread(turnSmall).median }, { text: 'slowdown <= 1.5x (ratio <= 1.5)', met: turnRatio <= 1.5 }),
      turnLarge, turnSmall, 'sync full; each order reads only the rows the other simulator changed',
    ));
    const normal = await accountWithHistory(dir, 100, 'normal');
    const normalRates = await sampleRates((k) => normal.submitOrder(order(k)), 300, 7, 200);
    out.push(withSpread(
      result('durable market orders per second, persisted (sync full)', spread(smallRates).median, 'orders/s', { name: 'the same with sync normal (survives a killed process, not a power cut)', value: spread(normalRates).median }),
      smallRates, normalRates, 'sync full: each order is one transaction, fsynced before submitOrder resolves',
    ));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
