// pnpm bench for @invest/broker-core. Every figure is paired with a baseline measured in the same
// run; the ratio is what to compare across machines.
import { applyOrderUpdate, Decimal, parseOrderRequest, RateLimiter, sumExact, type Order } from '../src/index.ts';
import { opsPerSecond, opsPerSecondAsync, result, writeResults } from '../../../tools/bench/harness.ts';

const results = [];

// 1. OrderRequest parse + validate vs JSON.parse of the same payload.
const payload = JSON.stringify({
  symbol: 'AAPL', side: 'buy', quantity: 10, type: 'limit', limitPrice: 180.25, timeInForce: 'gtc',
  orderClass: 'bracket', takeProfit: { limitPrice: 190 }, stopLoss: { stopPrice: 175, limitPrice: 174.5 }, clientOrderId: 'bench-1',
});
const object = JSON.parse(payload);
const jsonRate = opsPerSecond(() => JSON.parse(payload), 200_000);
const parseRate = opsPerSecond(() => parseOrderRequest(object), 100_000);
results.push(result('OrderRequest parse + validate (bracket limit)', parseRate, 'ops/s', { name: 'JSON.parse of the same payload', value: jsonRate },
  { text: '>= 100000 ops/s', met: parseRate >= 100_000 }));

// 2. Lifecycle apply vs the object copy an immutable update needs anyway.
const T = '2026-11-25T14:30:00.000Z';
const order: Order = {
  id: 'o-1', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', orderClass: 'simple',
  status: 'new', quantity: 1000, filledQuantity: 0, limitPrice: 100, extendedHours: false, createdAt: T, updatedAt: T,
};
const updates = Array.from({ length: 1000 }, (_, i) => ({
  kind: 'event' as const, status: i === 999 ? ('filled' as const) : ('partially_filled' as const), filledQuantity: i + 1, timestamp: T,
}));
let current = order;
const applyRate = opsPerSecond((i) => {
  const k = i % 1000;
  if (k === 0) current = order;
  current = applyOrderUpdate(current, updates[k]!).order;
}, 500_000);
let copy = order;
const copyRate = opsPerSecond((i) => {
  copy = { ...copy, filledQuantity: i, updatedAt: T };
}, 500_000);
results.push(result('lifecycle applyOrderUpdate', applyRate, 'ops/s', { name: 'object spread of the order', value: copyRate }));

// 3. Exact sum of 1M amounts vs plain integer addition of the same amounts in cents.
const N = 1_000_000;
const cents = Array.from({ length: N }, (_, i) => ((i * 7919) % 2_000_001) - 1_000_000);
const amounts = cents.map((c) => c / 100);
const timeIt = (fn: () => unknown): number => {
  let best = Infinity;
  for (let s = 0; s < 5; s++) {
    const t = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
};
let intSum = 0;
const intMs = timeIt(() => { intSum = 0; for (let i = 0; i < N; i++) intSum += cents[i]!; });
let exact = Decimal.ZERO;
const exactMs = timeIt(() => { exact = sumExact(amounts); });
if (!exact.eq(Decimal.ofUnits(BigInt(intSum), 2))) throw new Error(`exact sum ${exact} differs from integer sum ${intSum}`);
results.push(result('exact sum of 1M amounts', exactMs, 'ms', { name: 'plain integer addition of the same amounts in cents', value: intMs }));

// 4. Limiter acquire (uncontended fast path) vs awaiting an already-resolved promise.
const limiter = new RateLimiter([{ limit: 1_000_000_000, windowMs: 60_000 }, { limit: 1_000_000_000, windowMs: 1000 }]);
const acquireRate = await opsPerSecondAsync(() => limiter.acquire(), 200_000);
const awaitRate = await opsPerSecondAsync(() => Promise.resolve(), 200_000);
const acquireUs = 1e6 / acquireRate;
results.push(result('RateLimiter.acquire (2 rules)', acquireUs, 'us/op', { name: 'await Promise.resolve()', value: 1e6 / awaitRate },
  { text: '<= 2 us/op', met: acquireUs <= 2 }));

writeResults('broker-core', results);
