import { existsSync, readFileSync, renameSync } from 'node:fs';
import { transaction } from '@invest/broker-core/state';
import type { JournalStore } from './journal-store.ts';
import type { JournalRecord } from './journal-types.ts';

/** What `importLegacyJournal` did. */
export interface LegacyImport {
  /** Records imported (0 when there was nothing to import or it was imported before). */
  records: number;
  /** Lines that could not be read (a torn last write), skipped. */
  skipped: number;
  /** Where the old file was moved, when it was. */
  backup?: string;
}

function backupPath(path: string): string {
  const plain = `${path}.bak`;
  return existsSync(plain) ? `${path}.${Date.now()}.bak` : plain;
}

/**
 * Imports a `journal.jsonl` written by earlier releases (JSON lines of `JournalRecord`; a torn
 * last line is skipped), all in one transaction, then moves the file beside as `<file>.bak`. The
 * import is remembered in `journal_imports` in the same transaction, so a crash between the commit
 * and the move, or a second process racing this one, imports nothing twice. Imported intents have
 * no owner: the processes that wrote them are gone, so the next reconciliation settles them.
 *
 * @example
 * ```ts
 * importLegacyJournal(store, join(home, 'journal.jsonl')) // { records: 12, skipped: 0, backup: '.../journal.jsonl.bak' }
 * ```
 */
export function importLegacyJournal(store: JournalStore, path: string): LegacyImport {
  if (!existsSync(path)) return { records: 0, skipped: 0 };
  const text = readFileSync(path, 'utf8');
  const records: JournalRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      skipped += 1;
    }
  }
  const imported = transaction(store.db, () => {
    if (store.db.prepare('SELECT 1 AS one FROM journal_imports WHERE source = ?').get(path)) return 0;
    for (const r of records) {
      const at = Date.parse(r.at);
      if (r.type === 'intent') {
        store.insertIntent(r.broker, { ...r.request, clientOrderId: r.clientOrderId }, at, null);
      } else {
        store.recordOutcome(r.broker, r.clientOrderId, { at, kind: r.kind, orderId: r.orderId, status: r.status, error: r.error });
      }
    }
    store.db.prepare('INSERT INTO journal_imports (source, at, records) VALUES (?, ?, ?)').run(path, Date.now(), records.length);
    return records.length;
  });
  const backup = backupPath(path);
  try {
    renameSync(path, backup);
  } catch (error) {
    // Another process moved it first: the import is recorded, so that is fine.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { records: imported, skipped };
  }
  return { records: imported, skipped, backup };
}
