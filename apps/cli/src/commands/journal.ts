import { existsSync } from 'node:fs';
import { OrderJournal, type JournalEntry } from '@invest/multi-broker';
import type { CliContext } from '../runtime/context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

/** Outcomes that need the user's attention, shown in red. */
const ALARMING = new Set(['unknown', 'pending', 'absent', 'found_after_absent', 'rejected']);

/**
 * `invest journal [--since]`: every order intent and what became of it, from `<home>/state.db`,
 * with no broker call (an old `journal.jsonl` is imported first, once).
 */
export async function journalCommand(ctx: CliContext, o: { since?: Date }): Promise<ExitCode> {
  if (!existsSync(ctx.paths.database) && !existsSync(ctx.paths.journal)) {
    // Nothing was ever journaled here: list nothing, and create no home or database for it.
    ctx.out.data({ ...(o.since ? { since: o.since.toISOString() } : {}), entries: [] });
    ctx.out.table([], []);
    return EXIT.OK;
  }
  const journal = await OrderJournal.open(ctx.paths.database, { legacyJournal: ctx.paths.journal, logger: ctx.log });
  try {
    const entries = journal.entries(o.since ? { since: o.since } : {});
    ctx.out.data({ ...(o.since ? { since: o.since.toISOString() } : {}), entries });
    ctx.out.table(entries, [
      { header: 'time', value: (e: JournalEntry) => e.at },
      { header: 'broker', value: (e) => e.broker },
      { header: 'client order id', value: (e) => e.clientOrderId },
      { header: 'symbol', value: (e) => e.symbol },
      { header: 'side', value: (e) => e.side },
      { header: 'qty', value: (e) => e.quantity ?? (e.notional !== undefined ? `$${e.notional}` : ''), align: 'right' },
      { header: 'type', value: (e) => e.type },
      { header: 'outcome', value: (e) => (ALARMING.has(e.outcome) ? ctx.out.c.red(e.outcome) : e.outcome) },
      { header: 'order id', value: (e) => e.orderId },
      { header: 'error', value: (e) => (e.error ? `${e.error.code}: ${e.error.message}` : '') },
    ]);
    if (journal.imported.records > 0) ctx.out.note(`imported ${journal.imported.records} records from ${ctx.paths.journal} (kept as ${journal.imported.backup ?? 'is'})`);
    return EXIT.OK;
  } finally {
    await journal.close();
  }
}
