import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { killLoop, sharedKillLoop } from './fixtures/crash-harness.ts';

const root = mkdtempSync(join(tmpdir(), 'sim-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Two kill loops side by side, each on its own database: a writer spends most of its short life
// starting (~160 ms), so two overlap well.
test('SIGKILL at random points, 200 times: the database is whole and exports exactly a committed state', async () => {
  const results = await Promise.all([killLoop(join(root, 'a'), 1, 100), killLoop(join(root, 'b'), 2, 100)]);
  const kills = results.reduce((n, r) => n + r.kills, 0);
  const midWrite = results.reduce((n, r) => n + r.midWrite, 0);
  expect(kills).toBe(200);
  // Some kills landed after the write and before the report (the file is one ahead): the test
  // reaches the dangerous window, not only the quiet ones.
  expect(midWrite).toBeGreaterThan(0);
}, 90_000);

test('two writers on one account, SIGKILLed at random 120 times: nothing torn, lost or doubled, cash and positions match the fills', async () => {
  const { kills, orders } = await sharedKillLoop(join(root, 'shared'), 3, 120);
  expect(kills).toBe(120);
  // Enough writes happened between the kills for the test to mean something.
  expect(orders).toBeGreaterThan(100);
}, 120_000);
