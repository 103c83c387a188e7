// Journal record cost with a small and a large journal: intents + outcomes per second, measured
// on a file database in the same run, so the ratio shows whether the cost grows with history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Order, type OrderRequest } from '@invest/broker-core';
import { openStateDatabase, transaction, type SyncPolicy } from '@invest/broker-core/state';
import { OrderJournal } from '../src/index.ts';
import { percentile } from '../../../tools/bench/harness.ts';

const request = (id: string): OrderRequest => ({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', orderClass: 'simple', extendedHours: false, quantity: 1, clientOrderId: id });
const answer = (id: string, n: number): Order => ({ id: `ord-${n}`, clientOrderId: id, status: 'filled' }) as Order;

/** A journal in a fresh file database holding `rows` settled intents (each with its outcome). */
function journalWith(rows: number, sync: SyncPolicy): { journal: OrderJournal; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-journal-'));
  const db = openStateDatabase(join(dir, 'state.db'), { sync });
  const journal = OrderJournal.attach(db);
  // Seeded in one transaction with the journal's own tables (rows as the journal writes them).
  transaction(db, () => {
    const intent = db.prepare(`INSERT INTO journal_intents (at, broker, client_order_id, symbol, side, type, quantity, request, state, order_id) VALUES (?, 'paper', ?, 'AAPL', 'buy', 'market', '1', ?, 'accepted', ?)`);
    const outcome = db.prepare(`INSERT INTO journal_outcomes (intent_id, at, kind, order_id, status) VALUES (?, ?, 'accepted', ?, 'filled')`);
    for (let i = 0; i < rows; i++) {
      const id = `seed-${i}`;
      const r = intent.run(Date.now(), id, JSON.stringify(request(id)), `ord-s${i}`);
      outcome.run(r.lastInsertRowid, Date.now(), `ord-s${i}`);
    }
  });
  return { journal, dir };
}

/** Records per second (an intent and its outcome count as two), one sample of `pairs` orders. */
async function sample(journal: OrderJournal, pairs: number, tag: string): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < pairs; i++) {
    const id = `${tag}-${i}`;
    await journal.recordIntent('paper', request(id));
    await journal.recordAccepted('paper', answer(id, i));
  }
  return (2 * pairs) / (Number(process.hrtime.bigint() - start) / 1e9);
}

export interface JournalCost {
  sync: SyncPolicy;
  small: number[];
  large: number[];
}

/**
 * Interleaved samples (small, large, small, ...) after a warm-up of each, so both see the same
 * machine; `rows` are the two journal sizes.
 */
export async function measureJournalCost(sync: SyncPolicy, rows: [number, number], samples = 7, pairs = 200): Promise<JournalCost> {
  const small = journalWith(rows[0], sync);
  const large = journalWith(rows[1], sync);
  await sample(small.journal, 50, 'warm');
  await sample(large.journal, 50, 'warm');
  const out: JournalCost = { sync, small: [], large: [] };
  for (let s = 0; s < samples; s++) {
    out.small.push(await sample(small.journal, pairs, `s${s}`));
    out.large.push(await sample(large.journal, pairs, `s${s}`));
  }
  for (const j of [small, large]) {
    await j.journal.close();
    rmSync(j.dir, { recursive: true, force: true });
  }
  return out;
}

export const spreadOf = (runs: number[]): string =>
  `min ${percentile(runs, 0).toFixed(0)} / median ${percentile(runs, 50).toFixed(0)} / max ${percentile(runs, 100).toFixed(0)} records/s`;
