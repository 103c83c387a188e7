import { readFileSync, renameSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { transaction } from '@invest/broker-core/state';
import type { EngineConfig } from '../engine/engine.ts';
import type { SessionCalendar } from '../session/calendar.ts';
import { restoreEngine } from './engine-state.ts';
import type { LedgerReader } from './ledger-reader.ts';
import type { LedgerWriter } from './ledger-writer.ts';

/** What `importLegacyState` needs. */
export interface LegacyImport {
  account: string;
  /** The JSON state file the previous release wrote. */
  file: string;
  config: EngineConfig;
  calendar: SessionCalendar;
  writer: LedgerWriter;
  reader: LedgerReader;
}

/**
 * The name a state file is kept under once imported: `<file>.imported-<UTC time>.bak`.
 *
 * @example
 * ```ts
 * importedBackupPath('/h/sim/paper.json', new Date('2026-12-05T02:40:00Z')) // '/h/sim/paper.json.imported-20261205T024000Z.bak'
 * ```
 */
export function importedBackupPath(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${file}.imported-${stamp}.bak`;
}

/**
 * Imports a JSON state file of the previous release into the state database, once: in one
 * transaction, and only when the database has no such account yet (a second process waiting on
 * the same import then finds it done). The file is then renamed to `importedBackupPath` and kept.
 * A file still there beside an account that already exists (the process died between the commit
 * and the rename) is renamed without being imported again. Returns true when it imported.
 *
 * @example
 * ```ts
 * importLegacyState(db, { account: 'paper', file: '/h/sim/paper.json', config, calendar, writer, reader })
 * ```
 */
export function importLegacyState(db: DatabaseSync, x: LegacyImport): boolean {
  let text: string;
  try {
    text = readFileSync(x.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const now = new Date();
  const backup = importedBackupPath(x.file, now);
  const imported = transaction(db, () => {
    if (x.reader.change() !== undefined) return false;
    const engine = restoreEngine(text, x.config, x.calendar, x.file);
    x.writer.writeAll(engine, 1);
    db.prepare('INSERT INTO sim_imports (account, source, backup, at) VALUES (?, ?, ?, ?)').run(x.account, x.file, backup, now.toISOString());
    return true;
  });
  try {
    renameSync(x.file, backup);
  } catch (error) {
    // Another process importing the same account renamed it first.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return imported;
}
