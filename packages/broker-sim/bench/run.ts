// `pnpm bench`: tick replay against 0, 4, 32 and 1,000 resting orders (with a no-op tick handler as
// the baseline, measured in the same run), the slowdown from 4 to 1,000 resting orders, market
// orders end to end in memory (parse and validate, check funds, fill, update the position) against
// parsing and capability checks alone, market orders with 10,000 resting orders against none,
// resting 10,000 limit orders, and the persisted path (bench/persisted.ts). Figures built from
// samples carry their min / median / max. Writes bench/results/broker-sim.json.
import { assertSupported, ManualClock, parseOrderRequest, type OrderRequestInput } from '@invest/broker-core';
import { opsPerSecond, result, writeResults, type BenchResult } from '../../../tools/bench/harness.ts';
import { createSimBroker, type SimAccount, type TickInput } from '../src/index.ts';
import { persistedResults } from './persisted.ts';
import { sampleRates, spread, withSpread } from './samples.ts';

const START = Date.parse('2026-03-02T15:00:00Z');
const TICKS = 200_000;

/** A seeded walk of AAPL quotes between 97 and 103: every tick moves the price, none reaches an order. */
function makeTicks(): TickInput[] {
  let s = 12345;
  let cents = 10_000;
  const out: TickInput[] = [];
  for (let i = 0; i < TICKS; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    cents = Math.min(10_300, Math.max(9_700, cents + ((s >>> 16) % 7) - 3));
    out.push({ symbol: 'AAPL', bid: (cents - 1) / 100, ask: (cents + 1) / 100, last: cents / 100, bidSize: 500, askSize: 500 });
  }
  return out;
}

/**
 * An in-memory account with `n` resting AAPL orders far from the market, a quarter of each kind:
 * limits (buys 10-20% below, sells 10-20% above), stops (buys above, sells below), stop-limits,
 * and trailing stops by 10-20% (whose water marks every new high or low moves).
 */
async function accountWith(n: number): Promise<SimAccount> {
  const sim = createSimBroker(
    { initialCash: 10_000_000, accountType: 'margin', shortSelling: true, session: 'always', prices: { kind: 'none' } },
    { clock: new ManualClock(START) },
  );
  await sim.setQuote('AAPL', { bid: 99.99, ask: 100.01, last: 100 });
  for (let i = 0; i < n; i++) {
    const away = 10 + (i % 97) / 10; // 10% .. 19.6%
    const below = Math.round(100 * (100 - away)) / 100;
    const above = Math.round(100 * (100 + away)) / 100;
    const side = i % 2 === 0 ? 'buy' : 'sell';
    const base = { symbol: 'AAPL', side, quantity: 1, timeInForce: 'gtc' } as const;
    const kinds: OrderRequestInput[] = [
      { ...base, type: 'limit', limitPrice: side === 'buy' ? below : above },
      { ...base, type: 'stop', stopPrice: side === 'buy' ? above : below },
      { ...base, type: 'stop_limit', stopPrice: side === 'buy' ? above : below, limitPrice: side === 'buy' ? above + 1 : below - 1 },
      { ...base, type: 'trailing_stop', trailPercent: away },
    ];
    await sim.submitOrder(kinds[Math.floor(i / 2) % 4] as OrderRequestInput);
  }
  const open = await sim.listOrders({ status: 'open' });
  if (open.length !== n) throw new Error(`expected ${n} resting orders, found ${open.length}`);
  return sim;
}

async function main(): Promise<void> {
  const ticks = makeTicks();
  let sink = 0;
  // The baseline: the same tick objects handed to a function that only reads one field.
  const noop = (q: TickInput): void => {
    sink += q.last as number;
  };
  const iterations = 1_000_000;
  const baseline = opsPerSecond((i) => noop(ticks[i % TICKS] as TickInput), iterations);

  const rates = new Map<number, number>();
  for (const n of [0, 4, 32, 1000]) {
    const sim = await accountWith(n);
    rates.set(n, opsPerSecond((i) => sim.tick(ticks[i % TICKS] as TickInput), iterations));
    const left = await sim.listOrders({ status: 'open' });
    if (left.length !== n) throw new Error(`the replay filled resting orders (${left.length} of ${n} left): the measurement is not of resting orders`);
  }
  const noopBaseline = { name: 'same ticks through a no-op handler', value: baseline };
  const results: BenchResult[] = [];
  for (const n of [0, 4, 32, 1000]) {
    const rate = rates.get(n) as number;
    const target = n === 32 ? { text: '>= 1000000 ticks/s', met: rate >= 1_000_000 } : undefined;
    results.push(result(`tick replay, ${n} resting orders`, rate, 'ticks/s', noopBaseline, target));
  }
  const r4 = rates.get(4) as number;
  const r1000 = rates.get(1000) as number;
  results.push(result('tick replay, 1000 vs 4 resting orders (ratio = 1 / slowdown)', r1000, 'ticks/s', { name: 'tick replay, 4 resting orders', value: r4 }, {
    text: 'slowdown <= 2x (ratio >= 0.5)', met: r4 / r1000 <= 2,
  }));

  // End to end: a fresh in-memory account per sample (history grows with every order), buys and
  // sells alternating so the position and buying power stay put.
  const request = (i: number): OrderRequestInput => ({ symbol: 'AAPL', side: i % 2 === 0 ? 'buy' : 'sell', quantity: 1 });
  const caps = (await accountWith(0)).capabilities;
  // The baseline is the validation the simulator itself runs: the core's parse (with a stand-in
  // client order id, as the simulator assigns its own) and capability check.
  const validate = (req: OrderRequestInput): void => {
    assertSupported(parseOrderRequest({ ...req, clientOrderId: 'sim-pending' }, { broker: 'sim', clientOrderId: caps.clientOrderId }), caps, 'sim');
  };
  const validateRates = await sampleRates((i) => validate(request(i)), 100_000, 5);
  const marketRates: number[] = [];
  for (let sample = 0; sample < 5; sample++) {
    const sim = await accountWith(0);
    marketRates.push(...(await sampleRates((i) => sim.submitOrder(request(i)), 40_000, 1)));
  }
  const market = spread(marketRates).median;
  results.push(withSpread(result('market order end to end in memory (schema parse, validate, fill, position)', market, 'orders/s', {
    name: 'the same validation alone (parseOrderRequest + assertSupported)', value: spread(validateRates).median,
  }, { text: '>= 100000 orders/s', met: market >= 100_000 }), marketRates, validateRates));

  // Market orders against 10,000 resting orders of every kind, and against none, alternating.
  const busy = await accountWith(10_000);
  const idle = await accountWith(0);
  const busyRates: number[] = [];
  const idleRates: number[] = [];
  for (let sample = 0; sample < 7; sample++) {
    idleRates.push(...(await sampleRates((i) => idle.submitOrder(request(i)), 20_000, 1)));
    busyRates.push(...(await sampleRates((i) => busy.submitOrder(request(i)), 20_000, 1)));
  }
  const restingRatio = spread(busyRates).median / spread(idleRates).median;
  results.push(withSpread(result('market orders in memory, 10,000 resting orders (ratio = throughput vs none)', spread(busyRates).median, 'orders/s', {
    name: 'the same with no resting orders', value: spread(idleRates).median,
  }, { text: 'ratio >= 0.8', met: restingRatio >= 0.8 }), busyRates, idleRates));
  if ((await busy.listOrders({ status: 'open' })).length !== 10_000) throw new Error('the market orders reached the resting ones');

  // Resting 10,000 limit orders that cannot fill, into a fresh account per sample.
  const restingLimit = (i: number): OrderRequestInput => ({
    symbol: 'AAPL', side: i % 2 === 0 ? 'buy' : 'sell', quantity: 1, type: 'limit', timeInForce: 'gtc',
    limitPrice: i % 2 === 0 ? 90 - (i % 500) / 100 : 110 + (i % 500) / 100,
  });
  const restRates: number[] = [];
  for (let sample = 0; sample < 5; sample++) {
    const sim = await accountWith(0);
    restRates.push(...(await sampleRates((i) => sim.submitOrder(restingLimit(i)), 10_000, 1, 0)));
  }
  const restValidate = await sampleRates((i) => validate(restingLimit(i)), 100_000, 5);
  const rest = spread(restRates).median;
  results.push(withSpread(result('resting 10,000 non-crossing limit orders in memory', rest, 'orders/s', {
    name: 'the same validation alone', value: spread(restValidate).median,
  }, { text: '>= 100000 orders/s', met: rest >= 100_000 }), restRates, restValidate));

  results.push(...(await persistedResults()));

  // Reading the sum keeps the no-op handler from being optimised away.
  if (!Number.isFinite(sink)) throw new Error('the baseline handler saw a bad price');
  writeResults('broker-sim', results);
}

await main();
