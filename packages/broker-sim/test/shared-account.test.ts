import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@invest/broker-core';
import { afterAll, expect, test } from 'vitest';
import { createSimBroker, type SimAccount, type SimConfigInput } from '../src/index.ts';
import { lcg, step } from './fixtures/random-steps.ts';

const root = mkdtempSync(join(tmpdir(), 'sim-shared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CONFIG: SimConfigInput = {
  accountType: 'margin', shortSelling: true, slippageBps: 2, liquidity: true, commission: { perShare: 0.005, minimum: 1 },
  session: 'us-equity', prices: { kind: 'none' },
};

test('two simulators on one account, taking turns at random: each sees the other, and both equal a fresh read', async () => {
  const file = join(root, 'state.db');
  const clock = new ManualClock(Date.parse('2026-03-02T14:40:00Z'));
  const open = (): SimAccount => createSimBroker(CONFIG, { clock, stateFile: file, name: 'paper' });
  const [a, b] = [open(), open()];
  await a.setQuote('AAPL', { bid: 99.98, ask: 100.02, last: 100, bidSize: 300, askSize: 300 });
  await b.setQuote('MSFT', { bid: 409.98, ask: 410.02, last: 410, bidSize: 300, askSize: 300 });
  const random = lcg(42);
  const px = { AAPL: 100, MSFT: 410 };
  for (let i = 0; i < 400; i++) {
    await step(random() < 0.5 ? a : b, clock, random, px);
    if (i % 25 === 24) {
      const fresh = await open().exportState();
      expect(await a.exportState()).toBe(fresh);
      expect(await b.exportState()).toBe(fresh);
    }
  }
  const orders = await a.listOrders({ status: 'all' });
  expect(new Set(orders.map((o) => o.status)).size).toBeGreaterThanOrEqual(4);
  expect((await a.fills()).length).toBeGreaterThan(30);
  expect(await b.ledger()).toEqual(await a.ledger());
}, 60_000);
