import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ManualClock, type Quote } from '@invest/broker-core';
import { transaction, openStateDatabase } from '@invest/broker-core/state';
import { afterAll, expect, test } from 'vitest';
import { brokerPrices, createSimBroker } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'sim-same-process-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const clock = new ManualClock(Date.parse('2026-03-02T15:00:00Z'));

// A write from elsewhere in this process (the journal shares the database) must never find the
// lock held across an await: node:sqlite waits for a lock synchronously, blocking the very
// event loop that would release it.
test('accounts sharing a database in one process, driven at once, never wait on each other\'s lock', async () => {
  const file = join(root, 'a', 'state.db');
  const config = { session: 'always', prices: { kind: 'static', quotes: { AAPL: { bid: 99.99, ask: 100.01, last: 100 } } } } as const;
  const one = createSimBroker(config, { clock, stateFile: file, name: 'one' });
  const two = createSimBroker(config, { clock, stateFile: file, name: 'two' });
  const other = openStateDatabase(file, { busyTimeoutMs: 2_000 });
  other.exec('CREATE TABLE IF NOT EXISTS journal_test (n INTEGER) STRICT');
  const started = Date.now();
  await Promise.all(Array.from({ length: 40 }, async (_, i) => {
    await (i % 2 ? one : two).submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1 });
    transaction(other, () => other.prepare('INSERT INTO journal_test VALUES (?)').run(i));
  }));
  expect(Date.now() - started).toBeLessThan(1_500);
  expect((await one.getPositions())[0]?.quantity).toBe(20);
  expect((await two.getPositions())[0]?.quantity).toBe(20);
  other.close();
});

test('a price source that answers with promises is read before the transaction, not inside it', async () => {
  const file = join(root, 'b', 'state.db');
  let price = 100;
  const live = { getQuote: async (symbol: string): Promise<Quote> => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { symbol, bid: price - 0.01, ask: price + 0.01, last: price, timestamp: new Date(clock.now()).toISOString() };
  } };
  const sims = ['one', 'two'].map((name) => createSimBroker({ session: 'always' }, { clock, stateFile: file, name, prices: brokerPrices(live) }));
  const other = openStateDatabase(file, { busyTimeoutMs: 2_000 });
  const started = Date.now();
  await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    await (sims[i % 2] as (typeof sims)[number]).submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1 });
    transaction(other, () => other.exec('SELECT 1'));
  }));
  expect(Date.now() - started).toBeLessThan(1_500);
  // The position is marked at the live price read before the next operation.
  price = 110;
  const [position] = await (sims[0] as (typeof sims)[number]).getPositions();
  expect(position).toMatchObject({ quantity: 10, currentPrice: 110 });
  other.close();
  expect(new DatabaseSync(file).prepare("SELECT count(*) AS n FROM sim_orders").get()).toEqual({ n: 20 });
});
