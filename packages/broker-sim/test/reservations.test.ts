import { Decimal, ManualClock, NotSupportedError } from '@invest/broker-core';
import { expect, test } from 'vitest';
import { createSimBroker, type SimAccount } from '../src/index.ts';
import { lcg, step } from './fixtures/random-steps.ts';

/**
 * Buying power held back by open orders, the slow way: every open entry order (not held) holds
 * what it would add to the position (its remainder beyond the opposite position), at its limit,
 * else its stop, else the price a market order takes now; a notional buy its notional.
 */
async function reservedByWalking(sim: SimAccount): Promise<Decimal> {
  const quantity = new Map((await sim.getPositions()).map((p) => [p.symbol, Decimal.from((p.raw as { quantity: string }).quantity)]));
  let total = Decimal.ZERO;
  for (const o of await sim.listOrders({ status: 'open' })) {
    const raw = o.raw as { role: string; filledQuantity: string };
    if (raw.role !== 'entry' || o.status === 'held') continue;
    if (o.quantity === undefined) {
      if (o.side === 'buy') total = total.add(o.notional as number);
      continue;
    }
    const rem = Decimal.from(o.quantity).sub(raw.filledQuantity);
    const position = quantity.get(o.symbol) ?? Decimal.ZERO;
    const against = o.side === 'buy' ? position.neg() : position;
    const opening = against.sign() > 0 ? rem.sub(against) : rem;
    if (opening.sign() <= 0) continue;
    const q = await sim.getQuote(o.symbol);
    const price = o.type === 'trailing_stop' ? undefined : (o.limitPrice ?? o.stopPrice);
    const px = price ?? (o.side === 'buy' ? q.ask : q.bid) ?? q.last;
    if (px !== undefined) total = total.add(opening.mul(px));
  }
  return total;
}

test('what open orders hold back, kept per change, equals walking every open order after each of 600 random operations', async () => {
  const clock = new ManualClock(Date.parse('2026-03-02T14:40:00Z'));
  const sim = createSimBroker(
    { accountType: 'margin', shortSelling: true, slippageBps: 2, liquidity: true, session: 'us-equity', prices: { kind: 'none' } },
    { clock },
  );
  await sim.setQuote('AAPL', { bid: 99.98, ask: 100.02, last: 100, bidSize: 300, askSize: 300 });
  await sim.setQuote('MSFT', { bid: 409.98, ask: 410.02, last: 410, bidSize: 300, askSize: 300 });
  const random = lcg(7);
  const px = { AAPL: 100, MSFT: 410 };
  let nonZero = 0;
  for (let i = 0; i < 600; i++) {
    await step(sim, clock, random, px);
    const reserved = Decimal.from(((await sim.getAccount()).raw as { reserved: string }).reserved);
    expect(reserved.eq(await reservedByWalking(sim)), `after step ${i}`).toBe(true);
    if (reserved.sign() > 0) nonZero++;
  }
  expect(nonZero).toBeGreaterThan(300);
});

/**
 * Shares a cash account can still sell, the slow way: the long position minus what open sell
 * orders (not held) claim, an OCO pair or a bracket's two exits once, as the larger remainder.
 */
async function sellableByWalking(sim: SimAccount, symbol: string): Promise<Decimal> {
  const held = Decimal.from(((await sim.getPositions()).find((p) => p.symbol === symbol)?.raw as { quantity?: string } | undefined)?.quantity ?? '0');
  if (held.sign() <= 0) return Decimal.ZERO;
  const open = (await sim.listOrders({ status: 'open', symbols: [symbol] })).filter((o) => o.side === 'sell' && o.status !== 'held');
  const rem = (o: (typeof open)[number]): Decimal => Decimal.from(o.quantity as number).sub((o.raw as { filledQuantity: string }).filledQuantity);
  const pairOf = new Map<string, string>();
  for (const o of open) {
    if (o.orderClass === 'oco' && o.legs?.[0]) pairOf.set(o.legs[0].id, o.id);
    else if (o.parentId !== undefined) pairOf.set(o.id, `legs of ${o.parentId}`);
  }
  const claims = new Map<string, Decimal>();
  for (const o of open) {
    const key = pairOf.get(o.id) ?? o.id;
    const r = rem(o);
    const before = claims.get(key);
    if (before === undefined || r.cmp(before) > 0) claims.set(key, r);
  }
  let committed = Decimal.ZERO;
  for (const c of claims.values()) committed = committed.add(c);
  const free = held.sub(committed);
  return free.sign() > 0 ? free : Decimal.ZERO;
}

test('shares claimed by open sells, kept per change, equal walking the open orders after each of 400 random operations', async () => {
  const clock = new ManualClock(Date.parse('2026-03-02T14:40:00Z'));
  const sim = createSimBroker({ initialCash: 1_000_000, accountType: 'cash', slippageBps: 2, liquidity: true, session: 'us-equity', prices: { kind: 'none' } }, { clock });
  await sim.setQuote('AAPL', { bid: 99.98, ask: 100.02, last: 100, bidSize: 300, askSize: 300 });
  await sim.setQuote('MSFT', { bid: 409.98, ask: 410.02, last: 410, bidSize: 300, askSize: 300 });
  const random = lcg(11);
  const px = { AAPL: 100, MSFT: 410 };
  let probed = 0;
  for (let i = 0; i < 400; i++) {
    await step(sim, clock, random, px);
    const expected = await sellableByWalking(sim, 'AAPL');
    // One share more than is free: refused, naming what is free.
    const error = await sim.submitOrder({ symbol: 'AAPL', side: 'sell', quantity: expected.add(1).toNumber(), type: 'limit', limitPrice: 1000, timeInForce: 'gtc' }).then(() => undefined, (e: unknown) => e);
    expect(error, `after step ${i}`).toBeInstanceOf(NotSupportedError);
    const free = /with (\S+) available/.exec((error as Error).message)?.[1];
    expect(Decimal.from(free as string).eq(expected), `after step ${i}: ${free} vs ${expected}`).toBe(true);
    if (expected.sign() > 0) probed++;
  }
  expect(probed).toBeGreaterThan(100);
});
