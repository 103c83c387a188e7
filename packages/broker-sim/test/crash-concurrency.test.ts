import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@invest/broker-core';
import { afterAll, expect, test } from 'vitest';
import { createSimBroker } from '../src/index.ts';
import { run } from './fixtures/crash-harness.ts';
import { CRASH_CONFIG, CRASH_TIME, crashOrder } from './fixtures/crash-script.ts';
import { expectConsistent, integrity, scriptOrders } from './fixtures/ledger-check.ts';

const root = mkdtempSync(join(tmpdir(), 'sim-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('two processes placing 500 orders each on one account: 1,000 recorded, positions exact', async () => {
  const file = join(root, 'shared', 'state.db');
  const n = 500;
  const [a, b] = [run(file, 0, n, 'a'), run(file, 0, n, 'b')];
  expect(await a.exited).toBe(0);
  expect(await b.exited).toBe(0);
  expect(integrity(file)).toBe('ok');
  for (const prefix of ['a', 'b']) expect(scriptOrders(file, prefix)).toEqual(Array.from({ length: n }, (_, i) => i));
  // Both processes' fills landed in one ledger: cash and positions are what the fills say.
  await expectConsistent(file);
  // And the positions are those of the same 1,000 orders placed by one process in memory.
  const alone = createSimBroker(CRASH_CONFIG, { clock: new ManualClock(CRASH_TIME), name: 'crash' });
  for (const prefix of ['a', 'b']) for (let i = 0; i < n; i++) await alone.submitOrder(crashOrder(i, prefix));
  const shared = createSimBroker(CRASH_CONFIG, { clock: new ManualClock(CRASH_TIME), stateFile: file, name: 'crash' });
  const quantities = async (s: typeof alone): Promise<Record<string, number>> =>
    Object.fromEntries((await s.getPositions()).map((p) => [p.symbol, p.quantity]));
  expect(await quantities(shared)).toEqual(await quantities(alone));
  // Exactly, as decimals (cost and realised P&L may differ in the last digit with the order of fills).
  const exact = async (s: typeof alone): Promise<string[]> => (await s.ledger()).positions.map((p) => `${p.symbol} ${p.quantity}`);
  expect(await exact(shared)).toEqual(await exact(alone));
  expect((await shared.listOrders({ status: 'all' })).length).toBe((await alone.listOrders({ status: 'all' })).length);
}, 120_000);
