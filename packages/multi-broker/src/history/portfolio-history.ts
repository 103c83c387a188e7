import { ConfigError, Decimal, systemClock, type AccountInfo, type Clock, type Order } from '@invest/broker-core';
import { migrate, openStateDatabase, transaction, type SyncPolicy } from '@invest/broker-core/state';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { HISTORY_MIGRATIONS } from './history-schema.ts';
import type { AccountSnapshot, FillRecord, HistoryQuery, PortfolioHistoryRows } from './history-types.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

function timeOf(value: Date | number | string | undefined, bound: 'from' | 'to'): number {
  if (value === undefined) return bound === 'from' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ConfigError(`history: ${bound} is not a time: ${String(value)}`, { path: bound });
  return ms;
}

/** An order and its legs (a bracket's take-profit and stop fill on their own). */
const withLegs = (o: Order): Order[] => [o, ...(o.legs ?? []).flatMap(withLegs)];

/**
 * Portfolio history in the invest home's database (tables `history_*`): each account's equity,
 * cash and positions value every time a consolidated read saw them change, and the fills of the
 * orders the manager placed. A chart of equity over time or a list of past fills reads it with no
 * broker call.
 *
 * @example
 * ```ts
 * const history = PortfolioHistory.attach(openStateDatabase(stateDatabasePath(home)))
 * const { accounts, fills } = history.history({ from: '2026-12-01', broker: 'paper-1' })
 * accounts.map((a) => [a.at, a.equity.toString()])
 * ```
 */
export class PortfolioHistory {
  readonly #db: DatabaseSync;
  readonly #clock: Clock;
  readonly #q: Record<string, StatementSync>;

  private constructor(db: DatabaseSync, clock: Clock) {
    migrate(db, 'history', HISTORY_MIGRATIONS);
    this.#db = db;
    this.#clock = clock;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      lastAccount: p('SELECT currency, equity, cash FROM history_accounts WHERE broker = ? ORDER BY at DESC, id DESC LIMIT 1'),
      insertAccount: p('INSERT INTO history_accounts (broker, at, currency, equity, cash, positions_value) VALUES (?, ?, ?, ?, ?, ?)'),
      lastFill: p('SELECT filled_total, average_price FROM history_fills WHERE broker = ? AND order_id = ? ORDER BY id DESC LIMIT 1'),
      insertFill: p(`INSERT OR IGNORE INTO history_fills (broker, at, order_id, client_order_id, symbol, side, quantity, price, filled_total, average_price)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  /** Opens the history in the database at `file` (`<home>/state.db`, or `':memory:'`). */
  static open(file: string, options: { sync?: SyncPolicy; clock?: Clock } = {}): PortfolioHistory {
    return new PortfolioHistory(openStateDatabase(file, options.sync ? { sync: options.sync } : {}), options.clock ?? systemClock);
  }

  /** The history in an already open state database (shared with the journal). */
  static attach(db: DatabaseSync, options: { clock?: Clock } = {}): PortfolioHistory {
    return new PortfolioHistory(db, options.clock ?? systemClock);
  }

  /**
   * Records each account's figures, in one transaction; an account whose currency, equity and cash
   * are those of its last row gets no new row. Returns the rows written.
   */
  recordAccounts(accounts: readonly { broker: string; account: AccountInfo }[]): number {
    const at = this.#clock.now();
    return transaction(this.#db, () => {
      let written = 0;
      for (const { broker, account } of accounts) {
        const equity = Decimal.from(account.equity);
        const cash = Decimal.from(account.cash);
        const last = this.#q.lastAccount!.get(broker) as { currency: string; equity: string; cash: string } | undefined;
        if (last && last.currency === account.currency && last.equity === equity.toString() && last.cash === cash.toString()) continue;
        this.#q.insertAccount!.run(broker, at, account.currency, equity.toString(), cash.toString(), equity.sub(cash).toString());
        written += 1;
      }
      return written;
    });
  }

  /**
   * Records the fills an order (and its legs) shows since it was last seen: the growth of its
   * cumulative filled quantity, priced from the change in its average fill price. Seeing the same
   * order again writes nothing. Returns the fills written.
   */
  recordOrders(broker: string, orders: readonly Order[]): number {
    const now = this.#clock.now();
    return transaction(this.#db, () => {
      let written = 0;
      for (const o of orders.flatMap(withLegs)) {
        if (!(o.filledQuantity > 0) || o.averageFillPrice === undefined) continue;
        const total = Decimal.from(o.filledQuantity);
        const average = Decimal.from(o.averageFillPrice);
        const last = this.#q.lastFill!.get(broker, o.id) as { filled_total: string; average_price: string } | undefined;
        const before = last ? Decimal.from(last.filled_total) : Decimal.ZERO;
        if (total.cmp(before) <= 0) continue;
        const quantity = total.sub(before);
        const price = last ? average.mul(total).sub(Decimal.from(last.average_price).mul(before)).div(quantity) : average;
        const when = Date.parse(o.filledAt ?? o.updatedAt);
        const run = this.#q.insertFill!.run(broker, Number.isFinite(when) ? when : now, o.id, o.clientOrderId, o.symbol, o.side, quantity.toString(), price.toString(), total.toString(), average.toString());
        written += Number(run.changes);
      }
      return written;
    });
  }

  /**
   * Account figures and fills between `from` and `to` (inclusive), of one broker or all, oldest
   * first, with exact decimals.
   */
  history(query: HistoryQuery = {}): PortfolioHistoryRows {
    const from = timeOf(query.from, 'from');
    const to = timeOf(query.to, 'to');
    const brokerClause = query.broker === undefined ? '' : ' AND broker = ?';
    const args = query.broker === undefined ? [from, to] : [from, to, query.broker];
    const accounts = (this.#db.prepare(`SELECT broker, at, currency, equity, cash, positions_value FROM history_accounts WHERE at BETWEEN ? AND ?${brokerClause} ORDER BY at, id`)
      .all(...args) as Record<string, string | number>[]).map((r): AccountSnapshot => ({
      broker: r.broker as string, at: iso(r.at as number), currency: r.currency as string,
      equity: Decimal.from(r.equity as string), cash: Decimal.from(r.cash as string), positionsValue: Decimal.from(r.positions_value as string),
    }));
    const fills = (this.#db.prepare(`SELECT broker, at, order_id, client_order_id, symbol, side, quantity, price FROM history_fills WHERE at BETWEEN ? AND ?${brokerClause} ORDER BY at, id`)
      .all(...args) as Record<string, string | number>[]).map((r): FillRecord => ({
      broker: r.broker as string, at: iso(r.at as number), orderId: r.order_id as string, clientOrderId: r.client_order_id as string,
      symbol: r.symbol as string, side: r.side as string, quantity: Decimal.from(r.quantity as string), price: Decimal.from(r.price as string),
    }));
    return { accounts, fills };
  }
}
