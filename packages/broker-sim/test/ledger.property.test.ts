import { Decimal, ManualClock, isBrokerError, sumExact, type OrderRequestInput } from '@invest/broker-core';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createSimBroker, type SimAccount } from '../src/index.ts';

const SYMBOLS = ['AAA', 'BBB'] as const;

type Op =
  | { kind: 'quote'; symbol: string; mid: number; spread: number; size: number | null; last: boolean }
  | { kind: 'order'; symbol: string; side: 'buy' | 'sell'; type: 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop'; qty: number; offset: number; tif: 'day' | 'gtc' | 'ioc'; bracket: boolean }
  | { kind: 'cancel'; pick: number }
  | { kind: 'replace'; pick: number; offset: number }
  | { kind: 'wait'; minutes: number };

const symbol = fc.constantFrom(...SYMBOLS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('quote' as const), symbol, mid: fc.integer({ min: 50, max: 20_000 }), spread: fc.integer({ min: 1, max: 25 }), size: fc.option(fc.integer({ min: 0, max: 300 })), last: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('order' as const), symbol, side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom('market' as const, 'limit' as const, 'stop' as const, 'stop_limit' as const, 'trailing_stop' as const),
      // Whole shares and fractions with up to 3 decimals.
      qty: fc.oneof(fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 50_000 }).map((n) => n / 1000)),
      offset: fc.integer({ min: -400, max: 400 }), tif: fc.constantFrom('day' as const, 'gtc' as const, 'ioc' as const), bracket: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), offset: fc.integer({ min: -400, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 24 * 60 }) }) },
);

/** Refusals a random order may meet; anything else is a bug. */
const EXPECTED = new Set(['INSUFFICIENT_FUNDS', 'INVALID_ORDER', 'NOT_SUPPORTED', 'ORDER_STATE']);

const cents = (n: number): number => Math.max(1, Math.round(n)) / 100;

async function apply(sim: SimAccount, clock: ManualClock, mids: Map<string, number>, o: Op): Promise<void> {
  if (o.kind === 'quote') {
    mids.set(o.symbol, o.mid);
    const q = { bid: cents(o.mid - o.spread), ask: cents(o.mid + o.spread), ...(o.last ? { last: cents(o.mid) } : {}) };
    await sim.setQuote(o.symbol, o.size === null ? q : { ...q, bidSize: o.size, askSize: o.size });
    return;
  }
  if (o.kind === 'wait') return clock.advance(o.minutes * 60_000);
  if (o.kind === 'cancel' || o.kind === 'replace') {
    const open = await sim.listOrders({ status: 'open' });
    const target = open[o.pick % Math.max(1, open.length)];
    if (!target) return;
    if (o.kind === 'cancel') return sim.cancelOrder(target.id);
    const mid = mids.get(target.symbol) ?? 10_000;
    const change = target.type === 'limit' || target.type === 'stop_limit' ? { limitPrice: cents(mid + o.offset) } : target.type === 'stop' ? { stopPrice: cents(mid + o.offset) } : { quantity: 1 + (o.pick % 7) };
    await sim.replaceOrder(target.id, change);
    return;
  }
  const mid = mids.get(o.symbol) ?? 10_000;
  const px = cents(mid + o.offset);
  // IOC is for market and limit orders, and linked orders are day or gtc: keep to what is valid.
  const tif = o.tif === 'ioc' && (o.type !== 'market' && o.type !== 'limit' || o.bracket) ? 'gtc' : o.tif;
  const req: OrderRequestInput = { symbol: o.symbol, side: o.side, quantity: o.qty, type: o.type, timeInForce: tif };
  if (o.type === 'limit') req.limitPrice = px;
  if (o.type === 'stop') req.stopPrice = px;
  if (o.type === 'stop_limit') Object.assign(req, { stopPrice: px, limitPrice: o.side === 'buy' ? cents(mid + o.offset + 20) : cents(mid + o.offset - 20) });
  if (o.type === 'trailing_stop') Object.assign(req, o.offset % 2 === 0 ? { trailPrice: cents(Math.abs(o.offset) + 5) } : { trailPercent: 1 + (Math.abs(o.offset) % 9) });
  if (o.bracket && o.type === 'market') {
    const up = o.side === 'buy' ? 1 : -1;
    Object.assign(req, { orderClass: 'bracket', takeProfit: { limitPrice: cents(mid + up * 150) }, stopLoss: { stopPrice: cents(mid - up * 150) } });
  }
  await sim.submitOrder(req);
}

/** The ledger identity and an independent recomputation of cash and positions from the fills. */
async function checkExact(sim: SimAccount, initial: number): Promise<void> {
  const l = await sim.ledger();
  const equity = Decimal.from(l.equity);
  // equity == initial cash + realised + unrealised - commissions, to the last digit.
  expect(equity.eq(Decimal.from(initial).add(l.realizedPnl).add(l.unrealizedPnl).sub(l.commissions))).toBe(true);
  const fills = await sim.fills();
  const raw = (f: (typeof fills)[number]) => f.raw as { quantity: string; price: string; commission: string };
  const flows = fills.map((f) => {
    const amount = Decimal.from(raw(f).quantity).mul(raw(f).price);
    return (f.side === 'buy' ? amount.neg() : amount).sub(raw(f).commission);
  });
  expect(Decimal.from(initial).add(sumExact(flows)).eq(l.cash)).toBe(true);
  expect(sumExact(fills.map((f) => raw(f).commission)).eq(l.commissions)).toBe(true);
  let value = Decimal.ZERO;
  for (const p of l.positions) {
    const held = sumExact(fills.filter((f) => f.symbol === p.symbol).map((f) => (f.side === 'buy' ? raw(f).quantity : Decimal.from(raw(f).quantity).neg())));
    expect(held.eq(p.quantity)).toBe(true);
    if (!Decimal.from(p.quantity).isZero()) value = value.add(Decimal.from(p.quantity).mul(p.mark as string));
  }
  expect(Decimal.from(l.cash).add(value).eq(equity)).toBe(true);
  // The numbers the API shows are those exact amounts, rounded once (no running float sums).
  const account = await sim.getAccount();
  expect(account.cash).toBe(Decimal.from(l.cash).toNumber());
  expect(account.equity).toBe(equity.toNumber());
  for (const o of await sim.listOrders({ status: 'all' })) {
    if (o.quantity !== undefined) expect(o.filledQuantity).toBeLessThanOrEqual(o.quantity + 1e-9);
  }
}

test('after random orders and quotes, equity is initial cash + realised + unrealised - commissions, exactly', async () => {
  let orders = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 200, maxLength: 600 }), fc.constantFrom(0, 5, 12.5), async (ops, slippageBps) => {
      const clock = new ManualClock(Date.parse('2026-03-02T14:45:00Z'));
      const initial = 1_000_000;
      const sim = createSimBroker({
        initialCash: initial, accountType: 'margin', shortSelling: true, marginMultiplier: 4, slippageBps, liquidity: true,
        commission: { perShare: 0.0035, perOrder: 0.1, minimum: 0.35 }, prices: { kind: 'none' },
      }, { clock });
      const mids = new Map<string, number>();
      for (const s of SYMBOLS) await apply(sim, clock, mids, { kind: 'quote', symbol: s, mid: 10_000, spread: 2, size: null, last: true });
      for (const [i, o] of ops.entries()) {
        try {
          await apply(sim, clock, mids, o);
          if (o.kind === 'order') orders += 1;
        } catch (error) {
          if (!isBrokerError(error) || !EXPECTED.has(error.code)) throw error;
        }
        if (i % 100 === 99) await checkExact(sim, initial);
      }
      await checkExact(sim, initial);
    }),
    { numRuns: 60, seed: 20_260_302 },
  );
  // Thousands of orders placed (refusals not counted), across 60 account histories.
  expect(orders).toBeGreaterThan(5_000);
}, 60_000);
