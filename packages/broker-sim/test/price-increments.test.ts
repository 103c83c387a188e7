// The simulator refuses prices a US equities broker refuses (issue: `--limit 100.001` was taken
// by the simulator and refused by Alpaca): whole cents at or above $1, $0.0001 below.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOrderError, ManualClock } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimBroker } from '../src/index.ts';

const quotes = { AAPL: { bid: 99.99, ask: 100.01, last: 100 }, PNY: { bid: 0.5, ask: 0.5002, last: 0.5001 } };
const sim = (priceRounding?: 'us-equity' | 'none') =>
  createSimBroker(
    { initialCash: 100_000, session: 'always', stateFile: ':memory:', prices: { kind: 'static', quotes }, ...(priceRounding ? { priceRounding } : {}) },
    { clock: new ManualClock(Date.parse('2026-03-02T15:00:00Z')) },
  );

describe('price increments', () => {
  it('a sub-penny limit at or above $1 is refused naming the field and the value; nothing is placed', async () => {
    const s = sim();
    await expect(s.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100.001 })).rejects.toMatchObject({
      name: 'InvalidOrderError', field: 'limitPrice', outcome: 'denied', message: expect.stringMatching(/limitPrice: must be in whole cents .* got 100\.001/),
    });
    expect(await s.listOrders({ status: 'all' })).toHaveLength(0);
  });

  it('below $1, steps of $0.0001 are taken and finer ones refused', async () => {
    const s = sim();
    await expect(s.submitOrder({ symbol: 'PNY', side: 'buy', quantity: 1, type: 'limit', limitPrice: 0.4001 })).resolves.toMatchObject({ limitPrice: 0.4001 });
    await expect(s.submitOrder({ symbol: 'PNY', side: 'buy', quantity: 1, type: 'limit', limitPrice: 0.40001 })).rejects.toBeInstanceOf(InvalidOrderError);
  });

  it('stop prices, bracket legs and replaces follow the same rule', async () => {
    const s = sim();
    await expect(s.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'stop', stopPrice: 120.005 })).rejects.toMatchObject({ field: 'stopPrice' });
    await expect(s.submitOrder({
      symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 90, orderClass: 'bracket', takeProfit: { limitPrice: 110.123 }, stopLoss: { stopPrice: 80 },
    })).rejects.toMatchObject({ field: 'takeProfit.limitPrice' });
    const resting = await s.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 90, timeInForce: 'gtc' });
    await expect(s.replaceOrder(resting.id, { limitPrice: 90.019 })).rejects.toMatchObject({ field: 'limitPrice' });
  });

  it('priceRounding none takes any price', async () => {
    await expect(sim('none').submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100.001 })).resolves.toMatchObject({ limitPrice: 100.001 });
  });

  it('any whole-cent price at or above $1 is taken; any with a fraction of a cent is refused (property)', async () => {
    const s = sim();
    await fc.assert(fc.asyncProperty(fc.integer({ min: 100, max: 9_000 }), fc.integer({ min: 1, max: 9 }), async (cents, tenth) => {
      const ok = cents / 100;
      const off = Number(`${(cents / 100).toFixed(2)}${tenth}`);
      await expect(s.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: ok, timeInForce: 'gtc' })).resolves.toBeDefined();
      await expect(s.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: off, timeInForce: 'gtc' })).rejects.toMatchObject({ field: 'limitPrice' });
    }), { numRuns: 50 });
  });
});

describe('the state folder', () => {
  it('is created readable by its owner only (0700)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sim-mode-')), 'sim');
    const s = createSimBroker({ initialCash: 1_000, session: 'always', prices: { kind: 'static', quotes } }, { stateFile: join(dir, 'paper.json'), clock: new ManualClock(Date.parse('2026-03-02T15:00:00Z')) });
    await s.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1 });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
