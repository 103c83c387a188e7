// Two processes write to one journal and are SIGKILLed at random points: the database is never
// corrupt, no committed record is lost, and no intent or outcome is written twice.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openStateDatabase } from '@invest/broker-core/state';
import { describe, expect, it } from 'vitest';
import { OrderJournal } from '../src/index.ts';

const root = new URL('../../..', import.meta.url).pathname;
const writer = new URL('./fixtures/journal-writer.ts', import.meta.url).pathname;

/** Starts a writer, kills it `afterMs` after it is ready, and returns the lines it printed. */
async function writeUntilKilled(home: string, tag: string, afterMs: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, home, tag], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const exited = once(child, 'exit');
  const ready = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => (line === 'ready' ? resolve() : lines.push(line)));
  });
  await ready;
  await new Promise((r) => setTimeout(r, afterMs));
  child.kill('SIGKILL');
  const [, signal] = await exited;
  expect(signal).toBe('SIGKILL');
  return lines;
}

describe('journal under SIGKILL, two processes at once', () => {
  it('no corrupt database, no lost or duplicated record', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-journal-crash-'));
    const printed: string[] = [];
    for (let round = 0; round < 4 && printed.length < 300; round++) {
      const rounds = await Promise.all(['a', 'b'].map((p) => writeUntilKilled(home, `${p}${round}`, 40 + Math.floor(Math.random() * 200))));
      printed.push(...rounds.flat());
    }
    expect(printed.length).toBeGreaterThanOrEqual(200);

    const db = openStateDatabase(join(home, 'state.db'));
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const intents = db.prepare('SELECT client_order_id AS id, count(*) AS n FROM journal_intents GROUP BY client_order_id').all() as { id: string; n: number }[];
    const outcomes = db.prepare('SELECT i.client_order_id AS id, count(*) AS n FROM journal_outcomes o JOIN journal_intents i ON i.id = o.intent_id GROUP BY i.client_order_id').all() as { id: string; n: number }[];
    db.close();
    expect(intents.filter((r) => r.n !== 1)).toEqual([]);
    expect(outcomes.filter((r) => r.n !== 1)).toEqual([]);
    const intentIds = new Set(intents.map((r) => r.id));
    const outcomeIds = new Set(outcomes.map((r) => r.id));
    // Every record a writer saw committed is there.
    for (const line of printed) {
      const [kind, id] = line.split(' ') as ['I' | 'O', string];
      expect(kind === 'I' ? intentIds.has(id) : outcomeIds.has(id), line).toBe(true);
    }
    // And the journal reads back whole: the killed writers' last intents are pending (their owners are gone).
    const journal = await OrderJournal.open(join(home, 'state.db'));
    const pending = journal.pending().map((i) => i.clientOrderId);
    expect(pending.every((id) => !outcomeIds.has(id))).toBe(true);
    expect(pending.length).toBeLessThanOrEqual(8);
  }, 120_000);
});
