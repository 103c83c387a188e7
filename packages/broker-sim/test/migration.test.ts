import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { BrokerRegistry, ManualClock } from '@invest/broker-core';
import { afterAll, expect, test } from 'vitest';
import { createSimBroker, simAccountOf, simPlugin, type SimAccount } from '../src/index.ts';

// Written by the previous release (commit 14c13ae) with its own code: see the fixture's history.
const FIXTURE = new URL('./fixtures/legacy-state.json', import.meta.url);
const LEGACY = readFileSync(FIXTURE, 'utf8');

const root = mkdtempSync(join(tmpdir(), 'sim-migration-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const clock = new ManualClock(Date.parse('2026-03-02T16:00:00Z'));
const CONFIG = { accountType: 'margin', shortSelling: true, commission: { perShare: 0.005, minimum: 1 }, session: 'always', prices: { kind: 'none' } } as const;

function open(home: string, name = 'paper'): SimAccount {
  return simAccountOf(new BrokerRegistry().register(simPlugin).create('sim', { ...CONFIG, home }, { name, clock }));
}

function imports(db: string): number {
  const d = new DatabaseSync(db, { readOnly: true });
  try {
    return (d.prepare('SELECT count(*) AS n FROM sim_imports').get() as { n: number }).n;
  } finally {
    d.close();
  }
}

test('a state file of the previous release is imported once, whole, and kept beside as a backup', async () => {
  const home = join(root, 'a');
  mkdirSync(join(home, 'sim'), { recursive: true });
  copyFileSync(FIXTURE, join(home, 'sim', 'paper.json'));
  const sim = open(home);
  // Byte for byte the state the old release wrote: every order, fill, position and quote came over.
  expect(await sim.exportState()).toBe(LEGACY);
  expect(existsSync(join(home, 'sim', 'paper.json'))).toBe(false);
  const backups = readdirSync(join(home, 'sim')).filter((n) => /^paper\.json\.imported-\d{8}T\d{6}Z\.bak$/.test(n));
  expect(backups).toHaveLength(1);
  expect(readFileSync(join(home, 'sim', backups[0] as string), 'utf8')).toBe(LEGACY);
  expect(imports(join(home, 'state.db'))).toBe(1);
  const before = await sim.ledger();
  await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1 });

  // A second run imports nothing, even when the old file turns up again (a crash between the
  // commit and the rename leaves it): it is set aside, the account keeps its own history.
  copyFileSync(FIXTURE, join(home, 'sim', 'paper.json'));
  const again = open(home);
  const orders = await again.listOrders({ status: 'all' });
  expect(orders.filter((o) => o.clientOrderId === 'fx-1')).toHaveLength(1);
  expect(orders.length).toBe((JSON.parse(LEGACY) as { orders: unknown[] }).orders.length + 1);
  expect((await again.ledger()).cash).not.toBe(before.cash);
  expect(imports(join(home, 'state.db'))).toBe(1);
  expect(existsSync(join(home, 'sim', 'paper.json'))).toBe(false);
});

test('a state file that is not valid imports nothing and stays where it is', async () => {
  const home = join(root, 'b');
  mkdirSync(join(home, 'sim'), { recursive: true });
  const broken = LEGACY.replace('"cash":"', '"cash":"x');
  writeFileSync(join(home, 'sim', 'paper.json'), broken);
  await expect(open(home).getAccount()).rejects.toThrow(/not a valid simulator state/);
  expect(readFileSync(join(home, 'sim', 'paper.json'), 'utf8')).toBe(broken);
  expect(imports(join(home, 'state.db'))).toBe(0);
});

test('a stateFile ending in .json names the old file: its ledger moves to the .db beside it', async () => {
  const file = join(root, 'c', 'paper.json');
  mkdirSync(join(root, 'c'));
  copyFileSync(FIXTURE, file);
  const sim = createSimBroker(CONFIG, { clock, stateFile: file, name: 'paper' });
  expect(sim.stateFile).toBe(join(root, 'c', 'paper.db'));
  expect(await sim.exportState()).toBe(LEGACY);
  expect(existsSync(file)).toBe(false);
});
