// The journal race of issue 14, with real processes: A journals an intent and waits; B runs
// `invest orders` (which reconciles on start) and must leave A's intent alone because A is alive;
// A sends and is SIGKILLed before recording the answer; the journal never says `absent` for the
// order the broker holds, and the next start records it as found.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { OrderJournal } from '@invest/multi-broker';
import { describe, expect, it } from 'vitest';
import { initHome, invest } from './run-cli.ts';

const OWNER = new URL('./fixtures/journal-owner.mjs', import.meta.url).pathname;
// No settle window: only the owner rule stands between B and a wrong `absent`.
const NO_SETTLE = { INVEST_JOURNAL_SETTLE_SECONDS: '0' };

async function outcomeOf(home: string, clientOrderId: string): Promise<string | undefined> {
  const journal = await OrderJournal.open(join(home, 'state.db'));
  try {
    return journal.entries().find((e) => e.clientOrderId === clientOrderId)?.outcome;
  } finally {
    await journal.close();
  }
}

describe('the journal race', () => {
  it('B does not settle A\'s intent while A lives; after A dies holding a sent order, the next start records it found', async () => {
    const home = await initHome();
    const a = spawn(process.execPath, [OWNER, home, 'race-1'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const aLines = createInterface({ input: a.stdout })[Symbol.asyncIterator]();
    expect((await aLines.next()).value).toBe('intent');
    expect(await outcomeOf(home, 'race-1')).toBe('pending');

    const b = await invest(home, ['orders', '--json'], NO_SETTLE);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout).orders).toEqual([]);
    expect(await outcomeOf(home, 'race-1')).toBe('pending'); // not absent: its owner is alive

    const died = once(a, 'exit');
    a.stdin.write('go\n');
    expect((await died)[1]).toBe('SIGKILL');
    expect(await outcomeOf(home, 'race-1')).toBe('pending');

    const c = await invest(home, ['orders', '--json'], NO_SETTLE);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).orders.map((o: { clientOrderId: string }) => o.clientOrderId)).toEqual(['race-1']);
    expect(await outcomeOf(home, 'race-1')).toBe('found');
    const listed = JSON.parse((await invest(home, ['journal', '--json'])).stdout).entries;
    expect(listed).toEqual([expect.objectContaining({ clientOrderId: 'race-1', broker: 'paper-1', outcome: 'found', orderId: expect.any(String), quantity: '2' })]);
    expect(listed.map((e: { outcome: string }) => e.outcome)).not.toContain('absent');
  }, 60_000);
});
