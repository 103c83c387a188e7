import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerRegistry, ManualClock, isBrokerError, type Broker } from '@invest/broker-core';
import { afterAll, expect, test } from 'vitest';
import { simAccountOf, simPlugin, type SimAccount } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'sim-determinism-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A week of paper trading on seeded random-walk prices through the plugin, as the CLI would run
 * it: orders of every kind, time moving in steps (the walk's missed minutes are replayed), sessions
 * opening and closing. Returns the exported state (canonical JSON).
 */
async function session(seed: number, home: string, processes = 1): Promise<{ text: string; sim: SimAccount }> {
  const clock = new ManualClock(Date.parse('2026-03-02T14:00:00Z'));
  const registry = new BrokerRegistry().register(simPlugin);
  const config = {
    seed, home, accountType: 'margin', shortSelling: true, slippageBps: 2, liquidity: true,
    commission: { perShare: 0.005, minimum: 1 }, prices: { kind: 'random-walk', stepMs: 60_000, start: { AAPL: 187.23, MSFT: 410 } },
  };
  // With several, each step is taken by the next simulator in turn, as CLI runs would take them.
  const sims = Array.from({ length: processes }, () => simAccountOf(registry.create('sim', config, { name: 'paper', clock })));
  let turn = 0;
  const next = (): SimAccount => sims[turn++ % processes] as SimAccount;
  const place = async (broker: Broker, req: Parameters<Broker['submitOrder']>[0]): Promise<void> => {
    try {
      await broker.submitOrder(req);
    } catch (error) {
      if (!isBrokerError(error)) throw error;
    }
  };
  for (let day = 0; day < 3; day++) {
    for (let step = 0; step < 8; step++) {
      await clock.advance(45 * 60_000);
      const sim = next();
      const q = await sim.getQuote(step % 2 ? 'MSFT' : 'AAPL');
      const px = q.last as number;
      const symbol = q.symbol;
      await place(sim, { symbol, side: step % 3 ? 'buy' : 'sell', quantity: 1 + step });
      await place(sim, { symbol, side: 'buy', quantity: 2, type: 'limit', limitPrice: Math.round(px * 99) / 100, timeInForce: step % 2 ? 'gtc' : 'day' });
      await place(sim, { symbol, side: 'sell', quantity: 1, type: 'trailing_stop', trailPercent: 0.5, timeInForce: 'gtc' });
      await place(sim, { symbol, side: 'buy', quantity: 1.25, type: 'stop_limit', stopPrice: Math.round(px * 100.3) / 100, limitPrice: Math.round(px * 100.5) / 100 });
      await place(sim, { symbol, side: 'buy', quantity: 3, orderClass: 'bracket', takeProfit: { limitPrice: Math.round(px * 100.4) / 100 }, stopLoss: { stopPrice: Math.round(px * 99.6) / 100 } });
    }
    await clock.advance(18 * 3_600_000);
  }
  const sim = next();
  await sim.sync();
  return { text: await sim.exportState(), sim };
}

test('the same seed and inputs give a byte-identical exported state', async () => {
  const a = await session(7, join(root, 'a'));
  const b = await session(7, join(root, 'b'));
  expect(a.text.length).toBeGreaterThan(10_000);
  expect(JSON.parse(a.text).fills.length).toBeGreaterThan(30);
  expect(b.text).toBe(a.text);
  // Another seed, other prices: another file.
  const c = await session(8, join(root, 'c'));
  expect(c.text).not.toBe(a.text);
});

test('simulators taking turns on one account (as separate CLI runs would) end in the same bytes as one', async () => {
  const one = await session(9, join(root, 'f'));
  const three = await session(9, join(root, 'g'), 3);
  expect(three.text).toBe(one.text);
});

test('a state read back and written again is the same bytes', async () => {
  const { text, sim } = await session(11, join(root, 'd'));
  expect(await sim.exportState()).toBe(text);
  const registry = new BrokerRegistry().register(simPlugin);
  const reopened = simAccountOf(registry.create('sim', { seed: 11, home: join(root, 'd'), accountType: 'margin', shortSelling: true, prices: { kind: 'none' } }, {
    name: 'paper', clock: new ManualClock(Date.parse('2026-03-02T14:00:00Z')),
  }));
  expect(await reopened.exportState()).toBe(text);
  await reopened.getAccount(); // a read changes nothing
  expect(await reopened.exportState()).toBe(text);
  // A third process reads the rows afresh: the same bytes.
  const third = simAccountOf(new BrokerRegistry().register(simPlugin).create('sim', { home: join(root, 'd'), accountType: 'margin', shortSelling: true, prices: { kind: 'none' } }, {
    name: 'paper', clock: new ManualClock(Date.parse('2026-03-02T14:00:00Z')),
  }));
  expect(await third.exportState()).toBe(text);
});

test('orders as callers see them carry no field set to undefined (the engine holds every field; callers get the set ones)', async () => {
  const undefinedKeys = (order: Record<string, unknown>): string[] => [
    ...Object.entries(order).filter(([, v]) => v === undefined).map(([k]) => `${String(order.id)}.${k}`),
    ...((order.legs as Record<string, unknown>[] | undefined) ?? []).flatMap(undefinedKeys),
  ];
  const { sim } = await session(5, join(root, 'e'));
  const seen: Record<string, unknown>[] = [];
  sim.events.on('order', (o) => seen.push(o as never));
  const placed = await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 1, timeInForce: 'gtc' });
  await sim.cancelOrder(placed.id);
  const all = await sim.listOrders({ status: 'all' });
  expect(all.length).toBeGreaterThan(50);
  expect(new Set(all.map((o) => o.type)).size).toBeGreaterThanOrEqual(4);
  expect([placed, ...all, ...seen, await sim.getOrder(placed.id)].flatMap((o) => undefinedKeys(o as never))).toEqual([]);
  const reopened = simAccountOf(new BrokerRegistry().register(simPlugin).create('sim', { seed: 5, home: join(root, 'e'), accountType: 'margin', shortSelling: true, prices: { kind: 'none' } }, {
    name: 'paper', clock: new ManualClock(Date.parse('2026-03-09T14:00:00Z')),
  }));
  expect((await reopened.listOrders({ status: 'all' })).flatMap((o) => undefinedKeys(o as never))).toEqual([]);
});
