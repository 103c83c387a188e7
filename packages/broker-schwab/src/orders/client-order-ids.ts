import { type OrderRequest } from '@invest/broker-core';
import { migrate, openStateDatabase, stateDatabasePath, transaction } from '@invest/broker-core/state';
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** An order sent whose answer was lost: what it asked for and when it went out. */
export interface PendingOrder {
  req: OrderRequest;
  sentAt: number;
}

type Statements = Record<'sending' | 'record' | 'refused' | 'orderIdOf' | 'clientIdOf' | 'pending' | 'knownSince' | 'forgetOldest', StatementSync>;

/** Orders an in-memory table keeps (a process without an invest home), the newest. */
const MEMORY_ROWS = 50_000;

const TABLES = [
  `CREATE TABLE orderjson_ids (
    account TEXT NOT NULL,
    client_order_id TEXT NOT NULL,
    order_id TEXT,
    request TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (account, client_order_id)
  ) STRICT;
  CREATE INDEX orderjson_ids_order ON orderjson_ids (account, order_id) WHERE order_id IS NOT NULL;
  CREATE INDEX orderjson_ids_sent ON orderjson_ids (account, sent_at);`,
];

/**
 * The client order ids of one account. Schwab and TD keep none, so the adapter records which id
 * it gave which order (for `getOrder`, `listOrders` and `findOrderByClientId`) and which sends
 * are unresolved (for a later lookup by matching recent orders), as rows of the invest home's
 * state database (`<home>/state.db`, table `orderjson_ids`). A send is committed before it goes
 * out, so another process (after a crash, the journal's reconciliation, `invest orders`) can find
 * the order by its client order id. Without a home the rows are kept in memory, for this process,
 * the newest 50,000 (`memoryRows`). The request sent is kept only until the order is identified.
 *
 * @example
 * ```ts
 * const ids = new ClientOrderIds(stateDatabasePath(home), 'schwab-main')
 * ids.sending('inv-7Qm2', { req, sentAt: Date.now() })
 * ids.record('inv-7Qm2', '1000001234')
 * ids.clientIdOf('1000001234') // 'inv-7Qm2'
 * ```
 */
export class ClientOrderIds {
  readonly #file: string;
  readonly #account: string;
  readonly #memoryRows: number;
  #db: DatabaseSync | undefined;
  #sql: Statements | undefined;
  /** Sends since the in-memory table was last trimmed. */
  #sinceTrim = 0;

  /**
   * `file`: the state database (`orderIdsPath(home)`), or undefined to keep the rows in memory,
   * at most `memoryRows` of them (the oldest go first).
   */
  constructor(file: string | undefined, account: string, memoryRows = MEMORY_ROWS) {
    this.#file = file ?? ':memory:';
    this.#account = account;
    this.#memoryRows = memoryRows;
  }

  /** Opened on first use: an instance that never places opens nothing. Statements are compiled once. */
  #open(): Statements {
    if (this.#sql) return this.#sql;
    const db = openStateDatabase(this.#file);
    migrate(db, 'orderjson', TABLES);
    this.#db = db;
    this.#sql = {
      sending: db.prepare(
        `INSERT INTO orderjson_ids (account, client_order_id, order_id, request, sent_at) VALUES (?, ?, NULL, ?, ?)
         ON CONFLICT (account, client_order_id) DO UPDATE SET request = excluded.request, sent_at = excluded.sent_at WHERE order_id IS NULL`,
      ),
      record: db.prepare(
        `INSERT INTO orderjson_ids (account, client_order_id, order_id, request, sent_at) VALUES (?, ?, ?, '{}', ?)
         ON CONFLICT (account, client_order_id) DO UPDATE SET order_id = excluded.order_id, request = '{}'`,
      ),
      refused: db.prepare('DELETE FROM orderjson_ids WHERE account = ? AND client_order_id = ? AND order_id IS NULL'),
      orderIdOf: db.prepare('SELECT order_id FROM orderjson_ids WHERE account = ? AND client_order_id = ?'),
      clientIdOf: db.prepare('SELECT client_order_id FROM orderjson_ids WHERE account = ? AND order_id = ?'),
      pending: db.prepare('SELECT request, sent_at FROM orderjson_ids WHERE account = ? AND client_order_id = ? AND order_id IS NULL'),
      knownSince: db.prepare('SELECT order_id FROM orderjson_ids WHERE account = ? AND sent_at >= ? AND order_id IS NOT NULL'),
      forgetOldest: db.prepare('DELETE FROM orderjson_ids WHERE rowid IN (SELECT rowid FROM orderjson_ids ORDER BY sent_at, rowid LIMIT max(0, (SELECT count(*) FROM orderjson_ids) - ?))'),
    };
    return this.#sql;
  }

  #write(statement: keyof Statements, ...params: (string | number | null)[]): void {
    const sql = this.#open();
    transaction(this.#db!, () => sql[statement].run(...params));
  }

  /** Marks a send as under way (until `record`), committed before the order goes out. */
  sending(clientOrderId: string, pending: PendingOrder): void {
    this.#write('sending', this.#account, clientOrderId, JSON.stringify(pending.req), pending.sentAt);
    // In memory, the table is trimmed to its newest rows every tenth of its size: O(1) a send.
    if (this.#file === ':memory:' && ++this.#sinceTrim >= Math.max(1, Math.ceil(this.#memoryRows / 10))) {
      this.#sinceTrim = 0;
      this.#write('forgetOldest', this.#memoryRows);
    }
  }

  /** Rows kept (all accounts of this table). */
  size(): number {
    this.#open();
    return Number((this.#db!.prepare('SELECT count(*) AS n FROM orderjson_ids').get() as { n: number }).n);
  }

  /** Links a client order id to the broker's order id; the send is resolved. */
  record(clientOrderId: string, orderId: string, sentAt = Date.now()): void {
    this.#write('record', this.#account, clientOrderId, orderId, sentAt);
  }

  /** The send was refused (nothing placed): nothing to look for later. */
  refused(clientOrderId: string): void {
    this.#write('refused', this.#account, clientOrderId);
  }

  orderIdOf(clientOrderId: string): string | undefined {
    const row = this.#open().orderIdOf.get(this.#account, clientOrderId) as { order_id: string | null } | undefined;
    return row?.order_id ?? undefined;
  }

  clientIdOf(orderId: string): string | undefined {
    const row = this.#open().clientIdOf.get(this.#account, orderId) as { client_order_id: string } | undefined;
    return row?.client_order_id;
  }

  pending(clientOrderId: string): PendingOrder | undefined {
    const row = this.#open().pending.get(this.#account, clientOrderId) as { request: string; sent_at: number } | undefined;
    return row && { req: JSON.parse(row.request) as OrderRequest, sentAt: row.sent_at };
  }

  /** Ids of the orders placed and identified since `since` (epoch ms): never a lost one. */
  knownSince(since: number): ReadonlySet<string> {
    const rows = this.#open().knownSince.all(this.#account, since) as { order_id: string }[];
    return new Set(rows.map((r) => r.order_id));
  }

  /** Closes the database file (a later call opens it again); rows kept in memory stay. */
  close(): void {
    if (this.#file === ':memory:') return;
    this.#db?.close();
    this.#db = undefined;
    this.#sql = undefined;
  }
}

/**
 * Where an account's client order ids are kept: the invest home's state database; undefined without a home.
 *
 * @example
 * ```ts
 * orderIdsPath('/home/me/.invest') // '/home/me/.invest/state.db'
 * ```
 */
export function orderIdsPath(home: string | undefined): string | undefined {
  return home === undefined ? undefined : stateDatabasePath(home);
}
