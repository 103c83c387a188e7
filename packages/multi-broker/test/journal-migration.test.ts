import { copyFile, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOrderRequest } from '@invest/broker-core';
import { migrate, openStateDatabase } from '@invest/broker-core/state';
import { OrderJournal } from '../src/index.ts';
import { JOURNAL_MIGRATIONS } from '../src/journal/journal-schema.ts';

// Written by the release before the journal moved to SQLite (its OrderJournal, then a torn line).
const fixture = new URL('./fixtures/journal-v0.jsonl', import.meta.url).pathname;

async function homeWithOldJournal(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'invest-migrate-'));
  await copyFile(fixture, join(home, 'journal.jsonl'));
  return home;
}

describe('importing journal.jsonl', () => {
  it('imports every record once, keeps the file beside as .bak, and a second open imports nothing', async () => {
    const home = await homeWithOldJournal();
    const original = await readFile(join(home, 'journal.jsonl'), 'utf8');
    const journal = await OrderJournal.open(join(home, 'state.db'), { legacyJournal: join(home, 'journal.jsonl') });
    expect(journal.imported).toEqual({ records: 9, skipped: 1, backup: join(home, 'journal.jsonl.bak') });
    expect((await readdir(home)).sort()).toEqual(['journal.jsonl.bak', 'state.db', 'state.db-shm', 'state.db-wal']);
    expect(await readFile(join(home, 'journal.jsonl.bak'), 'utf8')).toBe(original);
    expect(journal.entries().map((e) => [e.broker, e.clientOrderId, e.outcome, e.quantity, e.orderId, e.error?.code])).toEqual([
      ['paper-1', 'old-accepted', 'accepted', '10', 'ord-000001', undefined],
      ['paper-1', 'old-denied', 'denied', '1.5', undefined, 'INVALID_ORDER'],
      // The old release settled this one `absent` after one lookup: kept as written (a sighting corrects it).
      ['paper-2', 'old-unknown', 'absent', '3', undefined, undefined],
      ['paper-2', 'old-absent', 'absent', '4', undefined, undefined],
    ]);
    expect(journal.records()).toHaveLength(9);
    await journal.close();

    const again = await OrderJournal.open(join(home, 'state.db'), { legacyJournal: join(home, 'journal.jsonl') });
    expect(again.imported).toEqual({ records: 0, skipped: 0 });
    expect(again.records()).toHaveLength(9);
  });

  it('a file left behind after its import was committed (a crash before the move) is not imported twice', async () => {
    const home = await homeWithOldJournal();
    const journal = await OrderJournal.open(join(home, 'state.db'), { legacyJournal: join(home, 'journal.jsonl') });
    await journal.close();
    await copyFile(fixture, join(home, 'journal.jsonl'));
    const again = await OrderJournal.open(join(home, 'state.db'), { legacyJournal: join(home, 'journal.jsonl') });
    expect(again.imported.records).toBe(0);
    expect(again.records()).toHaveLength(9);
  });

  it('imported intents have no owner: a pending one is reconciled by the next start', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-migrate-'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(home, 'journal.jsonl'), `${JSON.stringify({ type: 'intent', at: '2026-11-25T00:00:00Z', broker: 'a', clientOrderId: 'x1', request: { symbol: 'AAPL', side: 'buy', type: 'market', quantity: 1 } })}\n`);
    const journal = await OrderJournal.open(join(home, 'state.db'), { legacyJournal: join(home, 'journal.jsonl'), lookups: 1 });
    expect(await journal.reconcile(async () => undefined)).toEqual([expect.objectContaining({ clientOrderId: 'x1', kind: 'absent' })]);
  });
});

describe('OrderJournal.open', () => {
  it('refuses a journal.jsonl path (the earlier release\'s argument) instead of making it a database', async () => {
    const home = await homeWithOldJournal();
    await expect(OrderJournal.open(join(home, 'journal.jsonl'))).rejects.toThrow(/takes the state database .* legacyJournal/);
    expect(await readFile(join(home, 'journal.jsonl'), 'utf8')).toBe(await readFile(fixture, 'utf8'));
  });
});

describe('journal tables of the first SQLite release', () => {
  it('gain the written order; their outcomes read back where they did before (after the intents of their millisecond)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'invest-migrate-'));
    const db = openStateDatabase(join(home, 'state.db'));
    migrate(db, 'journal', JOURNAL_MIGRATIONS.slice(0, 1));
    const intent = db.prepare(`INSERT INTO journal_intents (at, broker, client_order_id, symbol, side, type, quantity, request, state) VALUES (?, 'a', ?, 'AAPL', 'buy', 'market', '1', ?, 'accepted')`);
    const outcome = db.prepare(`INSERT INTO journal_outcomes (intent_id, at, kind) VALUES (?, ?, 'accepted')`);
    const request = (id: string) => JSON.stringify({ symbol: 'AAPL', side: 'buy', quantity: 1, clientOrderId: id });
    intent.run(1_000, 'one', request('one'));
    intent.run(2_000, 'two', request('two'));
    outcome.run(1, 2_000);
    outcome.run(2, 3_000);
    db.close();
    const journal = await OrderJournal.open(join(home, 'state.db'));
    expect(journal.records().map((r) => `${'kind' in r ? r.kind : r.type} ${r.clientOrderId}`)).toEqual(['intent one', 'intent two', 'accepted one', 'accepted two']);
    await journal.recordIntent('a', parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, clientOrderId: 'three' }));
    expect(journal.records().at(-1)).toMatchObject({ type: 'intent', clientOrderId: 'three' });
  });
});
