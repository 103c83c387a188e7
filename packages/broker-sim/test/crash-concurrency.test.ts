import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, ManualClock, sumExact } from '@invest/broker-core';
import { afterAll, expect, test } from 'vitest';
import { createSimBroker } from '../src/index.ts';
import { run } from './fixtures/crash-harness.ts';
import { CRASH_CONFIG, CRASH_TIME } from './fixtures/crash-script.ts';

const root = mkdtempSync(join(tmpdir(), 'sim-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('two processes submitting to one account at once lose no order', async () => {
  const file = join(root, 'shared', 'state.json');
  const n = 40;
  const [a, b] = [run(file, 0, n, 'a'), run(file, 0, n, 'b')];
  expect(await a.exited).toBe(0);
  expect(await b.exited).toBe(0);
  const sim = createSimBroker(CRASH_CONFIG, { clock: new ManualClock(CRASH_TIME), stateFile: file, name: 'crash' });
  for (const prefix of ['a', 'b']) {
    for (let i = 0; i < n; i++) expect(await sim.findOrderByClientId(`${prefix}-${i}`), `${prefix}-${i}`).toBeDefined();
  }
  // Both processes' fills landed in one ledger: cash is what the fills say, exactly.
  const fills = await sim.fills();
  const l = await sim.ledger();
  const flows = fills.map((f) => {
    const r = f.raw as { quantity: string; price: string; commission: string };
    const amount = Decimal.from(r.quantity).mul(r.price);
    return (f.side === 'buy' ? amount.neg() : amount).sub(r.commission);
  });
  expect(Decimal.from(l.initialCash).add(sumExact(flows)).eq(l.cash)).toBe(true);
}, 60_000);
