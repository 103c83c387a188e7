import type { DatabaseSync } from 'node:sqlite';
import { LockedError } from '@invest/broker-core';
import { migrate, openStateDatabase, type SyncPolicy } from '@invest/broker-core/state';
import type { EngineConfig, SimEngine } from '../engine/engine.ts';
import type { SessionCalendar } from '../session/calendar.ts';
import { DiscardChanges } from './discard-changes.ts';
import { serializeState } from './engine-state.ts';
import { importLegacyState } from './json-import.ts';
import { LedgerReader } from './ledger-reader.ts';
import { LEDGER_COMPONENT, LEDGER_STEPS } from './ledger-tables.ts';
import { LedgerWriter } from './ledger-writer.ts';
import { OpQueue } from './op-queue.ts';
import type { StateStore } from './state-store.ts';

/** Where and how a `SqliteStateStore` keeps one account. */
export interface SqliteStoreOptions {
  /** The state database. */
  path: string;
  /** The account's key in the database (the instance name). */
  account: string;
  config: EngineConfig;
  calendar: SessionCalendar;
  /** A fresh account's engine. */
  create: () => SimEngine;
  sync?: SyncPolicy;
  /** A state file of the previous format to import once (see `importLegacyState`). */
  legacyFile?: string | undefined;
  /** Runs after each commit; an error from it is reported as a failed save (fault tests). */
  afterCommit?: (() => void) | undefined;
}

/**
 * The paper ledger in the state database (SQLite, WAL), shared by every process that opens it.
 * Each operation is one write transaction: it catches up with what other processes committed
 * since this one last looked (rows stamped with a later change number, not a reload), runs, and
 * writes the rows it changed. The engine stays in memory between operations, so an operation's
 * cost does not grow with the account's history. A failed or discarded operation rolls back and
 * the next one reads the account afresh.
 */
export class SqliteStateStore implements StateStore {
  readonly path: string;
  readonly #o: SqliteStoreOptions;
  readonly #queue = new OpQueue();
  #db: DatabaseSync | undefined;
  #reader: LedgerReader | undefined;
  #writer: LedgerWriter | undefined;
  #engine: SimEngine | undefined;
  /** The account's change counter that `#engine` reflects. */
  #seen = 0;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.#o = options;
  }

  transact<T>(fn: (engine: SimEngine) => T | Promise<T>): Promise<T> {
    return this.#queue.run(() => this.#run(fn));
  }

  exportState(): Promise<string> {
    return this.transact((engine) => serializeState(engine));
  }

  /** The account as this process last saw it (undefined before the first operation). */
  peek(): SimEngine | undefined {
    return this.#engine;
  }

  /** Closes the database (the next operation opens it again). */
  close(): void {
    this.#db?.close();
    this.#db = undefined;
    this.#engine = undefined;
  }

  #open(): DatabaseSync {
    if (this.#db) return this.#db;
    const db = openStateDatabase(this.path, { sync: this.#o.sync ?? 'full' });
    try {
      migrate(db, LEDGER_COMPONENT, LEDGER_STEPS);
      this.#reader = new LedgerReader(db, this.#o.account);
      this.#writer = new LedgerWriter(db, this.#o.account);
      if (this.#o.legacyFile !== undefined) {
        importLegacyState(db, { account: this.#o.account, file: this.#o.legacyFile, config: this.#o.config, calendar: this.#o.calendar, writer: this.#writer, reader: this.#reader });
      }
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    return db;
  }

  async #run<T>(fn: (engine: SimEngine) => T | Promise<T>): Promise<T> {
    const db = this.#open();
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw lockedOr(error, this.path);
    }
    let committed = false;
    try {
      const engine = this.#current();
      const before = engine.mutations;
      let failure: { error: unknown } | undefined;
      let result: T | undefined;
      try {
        // A synchronous operation is not awaited: yielding inside the transaction would let other
        // code of this process (another account on this database, the journal) try to write and
        // wait, blocking, on the lock this transaction holds.
        const out = fn(engine);
        result = out instanceof Promise ? await out : out;
      } catch (error) {
        if (error instanceof DiscardChanges) throw error;
        // What changed before the error stays (a price refresh), as it did in the file.
        failure = { error };
      }
      if (engine.mutations !== before) {
        this.#seen += 1;
        (this.#writer as LedgerWriter).write(engine, this.#seen);
      }
      db.exec('COMMIT');
      committed = true;
      this.#o.afterCommit?.();
      if (failure) throw failure.error;
      return result as T;
    } catch (error) {
      if (!committed) {
        if (db.isTransaction) db.exec('ROLLBACK');
        // The engine may hold what was not saved: read the account afresh next time.
        this.#engine = undefined;
      }
      if (error instanceof DiscardChanges) throw error.original;
      throw committed ? error : lockedOr(error, this.path);
    }
  }

  /** The engine as the database holds it now (inside the transaction). */
  #current(): SimEngine {
    const reader = this.#reader as LedgerReader;
    const writer = this.#writer as LedgerWriter;
    const change = reader.change();
    if (change === undefined) {
      const engine = this.#o.create();
      writer.adopt(engine, new Map());
      this.#engine = engine;
      this.#seen = 0;
      return engine;
    }
    if (this.#engine === undefined || change < this.#seen) {
      const loaded = reader.load(this.#o.config, this.#o.calendar) as NonNullable<ReturnType<LedgerReader['load']>>;
      writer.adopt(loaded.engine, loaded.market);
      this.#engine = loaded.engine;
      this.#seen = change;
    } else if (change > this.#seen) {
      const engine = this.#engine;
      const { market } = reader.catchUp(engine, this.#seen, this.#o.calendar);
      for (const [symbol, text] of market) writer.rememberMarket(symbol, text);
      writer.adopt(engine);
      this.#seen = change;
    }
    this.#engine.mutations = 0;
    return this.#engine;
  }
}

/** SQLite's busy / locked after the wait becomes core's retryable `LockedError`. */
function lockedOr(error: unknown, path: string): unknown {
  const code = (error as { errcode?: number }).errcode;
  if (typeof code === 'number' && ((code & 0xff) === 5 || (code & 0xff) === 6)) {
    return new LockedError(`${path} is busy: another process held a write for longer than the wait allowed`, { broker: 'sim', cause: error });
  }
  return error;
}
