import { migrate, openStateDatabase, stateDatabasePath, transaction } from '@invest/broker-core/state';
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** What is known of one place: recorded before it is sent, completed with the order id it got. */
export interface PlacedEntry {
  /** Core's client order id. */
  clientOrderId: string;
  /** The `clientOrderId` E*TRADE was sent (see `etradeClientOrderId`). */
  sent: string;
  /** The preview the place repeats: the order detail carries it. */
  previewId: string;
  /** Set once the place answered. */
  orderId?: string;
}

const TABLES = [
  `CREATE TABLE etrade_placed (
    account TEXT NOT NULL,
    client_order_id TEXT NOT NULL,
    sent TEXT NOT NULL,
    preview_id TEXT NOT NULL,
    order_id TEXT,
    at INTEGER NOT NULL,
    PRIMARY KEY (account, client_order_id)
  ) STRICT;
  CREATE INDEX etrade_placed_order ON etrade_placed (account, order_id) WHERE order_id IS NOT NULL;`,
];

interface Row {
  client_order_id: string;
  sent: string;
  preview_id: string;
  order_id: string | null;
}

const entryOf = (row: Row): PlacedEntry => ({
  clientOrderId: row.client_order_id, sent: row.sent, previewId: row.preview_id, ...(row.order_id !== null ? { orderId: row.order_id } : {}),
});

/**
 * What this home placed at one E*TRADE account, as rows of the home's state database
 * (`<home>/state.db`, table `etrade_placed`). E*TRADE does not echo client order ids, so without it
 * another process (after a crash, the journal's reconciliation, `invest orders`) could not tell
 * which order a client order id named. A row is committed before each place is sent (client
 * order id, preview id) and completed once it answered (order id); an order found later by its
 * preview id is the one the place made. Every read asks the database, so what another process
 * placed a moment ago is seen; no read loads the whole history. Without a home (tests, embedded
 * use) it keeps rows in memory, for this process only.
 *
 * @example
 * ```ts
 * const log = new PlacedLog(stateDatabasePath(home), 'etrade-main')
 * await log.record({ clientOrderId, sent, previewId })
 * ```
 */
export class PlacedLog {
  /** The database file, or undefined when the log is kept in memory. */
  readonly path: string | undefined;
  readonly #account: string;
  #db: DatabaseSync | undefined;
  #record: StatementSync | undefined;
  #find: StatementSync | undefined;

  constructor(path: string | undefined, account: string) {
    this.path = path;
    this.#account = account;
  }

  /** Opened on first use: an instance that never places opens nothing. */
  #open(): DatabaseSync {
    if (this.#db) return this.#db;
    const db = openStateDatabase(this.path ?? ':memory:');
    migrate(db, 'etrade', TABLES);
    this.#db = db;
    // Compiled once: a place writes two rows.
    this.#record = db.prepare(
      `INSERT INTO etrade_placed (account, client_order_id, sent, preview_id, order_id, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, client_order_id) DO UPDATE SET sent = excluded.sent, preview_id = excluded.preview_id,
         order_id = coalesce(excluded.order_id, etrade_placed.order_id)`,
    );
    this.#find = db.prepare('SELECT client_order_id, sent, preview_id, order_id FROM etrade_placed WHERE account = ? AND client_order_id = ?');
    return db;
  }

  /**
   * Records one place (committed, with the database's full sync, before it returns): a new row
   * before it is sent, the order id on the same row once it answered.
   */
  record(entry: PlacedEntry): Promise<void> {
    const db = this.#open();
    transaction(db, () => this.#record!.run(this.#account, entry.clientOrderId, entry.sent, entry.previewId, entry.orderId ?? null, Date.now()));
    return Promise.resolve();
  }

  /** What is known about a client order id. */
  find(clientOrderId: string): Promise<PlacedEntry | undefined> {
    this.#open();
    const row = this.#find!.get(this.#account, clientOrderId) as Row | undefined;
    return Promise.resolve(row && entryOf(row));
  }

  /** Core client order ids of these E*TRADE order ids, for those placed from this home. */
  clientIdsOf(orderIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (orderIds.length === 0) return Promise.resolve(out);
    const db = this.#open();
    // One statement per page of orders (E*TRADE lists at most 100 per page), not per order.
    const rows = db.prepare(`SELECT client_order_id, order_id FROM etrade_placed WHERE account = ? AND order_id IN (${orderIds.map(() => '?').join(', ')})`)
      .all(this.#account, ...orderIds) as { client_order_id: string; order_id: string }[];
    for (const row of rows) out.set(row.order_id, row.client_order_id);
    return Promise.resolve(out);
  }

  /** Closes the database file (a later call opens it again); rows kept in memory stay. */
  close(): void {
    if (this.path === undefined) return;
    this.#db?.close();
    this.#db = undefined;
  }
}

/**
 * Where an instance's placed log lives: the invest home's state database; undefined without a home.
 *
 * @example
 * ```ts
 * placedLogPath('/home/me/.invest') // '/home/me/.invest/state.db'
 * ```
 */
export function placedLogPath(home: string | undefined): string | undefined {
  return home === undefined ? undefined : stateDatabasePath(home);
}
