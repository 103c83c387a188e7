import { Decimal, ManualClock } from '@invest/broker-core';
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
