import { ManualClock, type AccountInfo, type Quote } from '@invest/broker-core';
import { describe, expect, test } from 'vitest';
import { brokerPrices, createSimBroker, csvPrices, randomWalkPrices } from '../src/index.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');

describe('paper trading on another broker\'s quotes', () => {
  test('polling while connected reads the live quotes and fills resting orders; account events follow', async () => {
    let live: Partial<Quote> = { bid: 99.99, ask: 100.01, last: 100 };
    const calls: string[] = [];
    const upstream = {
      async getQuote(symbol: string): Promise<Quote> {
        calls.push(symbol);
        return { symbol, timestamp: new Date(T0).toISOString(), ...live };
      },
    };
    const clock = new ManualClock(T0);
    const sim = createSimBroker({ pollMs: 1000 }, { clock, prices: brokerPrices(upstream) });
    const accounts: AccountInfo[] = [];
    sim.events.on('account', (a) => accounts.push(a));
    await sim.connect();
    const stop = await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 5, type: 'stop', stopPrice: 101 });
    expect(stop.status).toBe('new');
    live = { bid: 101.1, ask: 101.12, last: 101.11 };
    await clock.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await sim.getOrder(stop.id)).toMatchObject({ status: 'filled', averageFillPrice: 101.12 });
    expect(accounts.at(-1)).toMatchObject({ cash: 100_000 - 505.6, paper: true });
    expect(calls.every((s) => s === 'AAPL')).toBe(true);
    await sim.disconnect();
  });

  test('an upstream that cannot quote the symbol refuses the order with its own error', async () => {
    const upstream = { getQuote: async (): Promise<Quote> => Promise.reject(new Error('no such asset')) };
    const sim = createSimBroker({}, { clock: new ManualClock(T0), prices: brokerPrices(upstream) });
    await expect(sim.submitOrder({ symbol: 'NOPE', side: 'buy', quantity: 1 })).rejects.toThrow('no such asset');
  });
});

test('CSV replay: a backtest over a file, one transaction', async () => {
  const prices = csvPrices({
    text: [
      'timestamp,symbol,bid,ask,last',
      '2026-03-02T14:31:00Z,AAPL,99.99,100.01,100',
      '2026-03-02T14:32:00Z,AAPL,98.99,99.01,99',
      '2026-03-02T14:33:00Z,AAPL,97.49,97.51,97.5',
      '2026-03-02T14:34:00Z,AAPL,98.99,99.01,99',
    ].join('\n'),
  });
  const clock = new ManualClock(Date.parse('2026-03-02T14:30:00Z'));
  const sim = createSimBroker({ prices: { kind: 'none' } }, { clock });
  await sim.replay(prices.ticks().slice(0, 1));
  const limit = await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10, type: 'limit', limitPrice: 98, timeInForce: 'gtc' });
  expect(await sim.replay(prices.ticks().slice(1))).toBe(3);
  expect(await sim.getOrder(limit.id)).toMatchObject({ status: 'filled', averageFillPrice: 98, filledAt: '2026-03-02T14:33:00.000Z' });
});

test('random walk: the minutes nobody asked about are replayed, so a resting order sees every price', async () => {
  const walk = randomWalkPrices({ seed: 4, stepMs: 60_000, start: { AAPL: 100 }, volatilityBps: 30 });
  const clock = new ManualClock(T0);
  const sim = createSimBroker({}, { clock, prices: walk });
  const start = await sim.getQuote('AAPL');
  // Find, from the walk itself, the lowest price of the next two hours and a limit just above it.
  const probe = randomWalkPrices({ seed: 4, stepMs: 60_000, start: { AAPL: 100 }, volatilityBps: 30 });
  await probe.quote('AAPL', T0);
  const path = [...(probe.between?.('AAPL', T0, T0 + 2 * 3_600_000) ?? [])];
  const low = Math.min(...path.map((q) => q.ask as number));
  const end = path.at(-1)?.ask as number;
  expect(low).toBeLessThan(Math.min(end, start.ask as number));
  const limit = await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: low, timeInForce: 'gtc' });
  expect(limit.status).toBe('new');
  // Two hours pass without a call; the next call replays them and the dip reaches the limit.
  await clock.advance(2 * 3_600_000);
  const filled = await sim.getOrder(limit.id);
  expect(filled).toMatchObject({ status: 'filled', averageFillPrice: low });
  expect(Date.parse(filled.filledAt as string)).toBe(path.find((q) => q.ask === low)?.time);
});
