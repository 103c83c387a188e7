import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { ConfigError, LockedError } from '../errors/subclasses.ts';

/**
 * How hard a commit is pushed to disk. `full`: every commit survives a power cut (SQLite's
 * `synchronous=FULL`). `normal`: every commit survives a killed process (SIGKILL, crash); the last
 * commits before a power cut may be lost (WAL's `synchronous=NORMAL`). Either way nothing is torn.
 */
export type SyncPolicy = 'full' | 'normal';

export interface StateDatabaseOptions {
  /** How long a write waits for another process's transaction before `LockedError`. Default 10 s. */
  readonly busyTimeoutMs?: number;
  /** Default `full`. */
  readonly sync?: SyncPolicy;
}

/** The file name of the invest home's state database. */
export const STATE_DATABASE_FILE = 'state.db';

/**
 * The path of the state database in an invest home (`<home>/state.db`).
 *
 * @example
 * ```ts
 * stateDatabasePath(investHome()) // '/home/me/.invest/state.db'
 * ```
 */
export function stateDatabasePath(home: string): string {
  return join(home, STATE_DATABASE_FILE);
}

type SqliteModule = typeof import('node:sqlite');

/**
 * `node:sqlite` is loaded on the first open, not on import: a program that never keeps state does
 * not load SQLite, and on a Node without it the error says what to do instead of failing an import.
 */
function sqlite(): SqliteModule {
  const module = process.getBuiltinModule('node:sqlite') as SqliteModule | undefined;
  if (!module) {
    throw new ConfigError(`Invest keeps its state in node:sqlite, which Node ${process.versions.node} does not provide without a flag; use Node 22.13 or later`, { broker: 'invest' });
  }
  return module;
}

/**
 * Opens (creating when missing) a state database: WAL mode, so readers never block the writer
 * and several processes may share it; a busy timeout, so a second process waits for a write
 * instead of failing; foreign keys on. A new file is created owner-only (0600, in a 0700 folder);
 * SQLite gives its `-wal` and `-shm` files the same mode. `':memory:'` opens a private in-memory
 * database (backtests, tests).
 *
 * @example
 * ```ts
 * const db = openStateDatabase(stateDatabasePath(investHome()))
 * migrate(db, 'journal', ['CREATE TABLE intents (id TEXT PRIMARY KEY, body TEXT NOT NULL)'])
 * ```
 */
export function openStateDatabase(file: string, options: StateDatabaseOptions = {}): DatabaseSync {
  const { DatabaseSync } = sqlite();
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // 'a' creates the file with our mode when missing and changes nothing when it exists.
    closeSync(openSync(file, 'a', 0o600));
  }
  const timeoutMs = options.busyTimeoutMs ?? 10_000;
  const db = new DatabaseSync(file, { timeout: timeoutMs });
  try {
    enterWal(db, timeoutMs);
    db.exec(`PRAGMA synchronous = ${options.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.exec('PRAGMA foreign_keys = ON');
  } catch (error) {
    db.close();
    throw busyOrThrow(error, file);
  }
  return db;
}

/**
 * Switches to WAL mode. SQLite answers that switch with SQLITE_BUSY at once, without its busy
 * wait, while another connection opens the same new file (two processes starting together):
 * it is tried again every few milliseconds until the busy timeout.
 */
function enterWal(db: DatabaseSync, timeoutMs: number): void {
  const until = Date.now() + timeoutMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (!(busyOrThrow(error, '') instanceof LockedError) || Date.now() >= until) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    }
  }
}

/** SQLite's "database is locked" after the busy timeout becomes core's retryable `LockedError`. */
function busyOrThrow(error: unknown, what: string): unknown {
  const code = (error as { errcode?: number }).errcode;
  // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with or without extended bits.
  if (typeof code === 'number' && ((code & 0xff) === 5 || (code & 0xff) === 6)) {
    return new LockedError(`${what} is busy: another process held a write for longer than the wait allowed`, { broker: 'invest', cause: error });
  }
  return error;
}

/**
 * Runs `fn` in one write transaction (`BEGIN IMMEDIATE`: the write lock is taken at the start, so
 * two processes never both read and then fail to upgrade). It commits when `fn` returns and rolls
 * back when it throws. Inside another `transaction` on the same database it runs in a savepoint.
 * `fn` must be synchronous: a transaction never spans an `await`.
 *
 * @example
 * ```ts
 * transaction(db, () => { db.prepare('INSERT INTO fills VALUES (?, ?)').run(id, qty) })
 * ```
 */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) {
    db.exec('SAVEPOINT invest_nested');
    try {
      const result = fn();
      db.exec('RELEASE invest_nested');
      return result;
    } catch (error) {
      db.exec('ROLLBACK TO invest_nested');
      db.exec('RELEASE invest_nested');
      throw error;
    }
  }
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw busyOrThrow(error, 'the state database');
  }
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw busyOrThrow(error, 'the state database');
  }
}

/**
 * Brings one component's tables up to date: `steps[i]` is the SQL that moves the component from
 * version `i` to `i + 1`. Versions are kept per component in `invest_schema`, so the paper ledger,
 * the journal and the history share one file without knowing of each other. All pending steps run
 * in one transaction; a second process waiting on it then finds nothing left to do.
 *
 * @example
 * ```ts
 * migrate(db, 'history', ['CREATE TABLE equity (broker TEXT, at INTEGER, equity TEXT)'])
 * ```
 */
export function migrate(db: DatabaseSync, component: string, steps: readonly string[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS invest_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT');
  transaction(db, () => {
    const row = db.prepare('SELECT version FROM invest_schema WHERE component = ?').get(component) as { version: number } | undefined;
    const from = row?.version ?? 0;
    if (from > steps.length) {
      throw new ConfigError(`The state database's ${component} tables are version ${from}, newer than this release knows (${steps.length}); upgrade Invest`, { broker: 'invest' });
    }
    for (let version = from; version < steps.length; version++) db.exec(steps[version]!);
    if (from < steps.length) db.prepare('INSERT INTO invest_schema (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version').run(component, steps.length);
  });
}
