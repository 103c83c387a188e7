import type { Fill } from '@invest/broker-core';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SimEngine } from '../engine/engine.ts';
import { exactText } from '../engine/exact-text.ts';
import { PendingFill } from '../engine/pending-fill.ts';
import type { SimOrder } from '../engine/sim-order.ts';
import { canonicalJson } from './canonical-json.ts';
import { marketState, orderState } from './engine-state.ts';
import { STATE_VERSION } from './state-schema.ts';

/**
 * The account-wide part of the state that is not a row of its own (small: the time, counters,
 * start-of-day equity, what the price source said last), as the `state` column holds it.
 *
 * @example
 * ```ts
 * accountState(engine).seq.order // 42
 * ```
 */
export function accountState(engine: SimEngine): Record<string, unknown> {
  const pulled: Record<string, { at: number; key: string }> = {};
  for (const [symbol, p] of engine.pulled) pulled[symbol] = { at: p.at, key: p.key };
  return {
    version: STATE_VERSION,
    accountId: engine.config.accountId,
    currency: engine.config.currency,
    time: engine.time,
    startOfDay: { date: engine.startOfDay.date, equity: exactText(engine.startOfDay.equity) },
    seq: { ...engine.seq },
    pulled,
    source: engine.sourceState ?? null,
  };
}

/**
 * Writes what one operation changed, and only that: the account row, the orders the engine marked
 * (`store.touched`), the new fills, the positions that moved (`ledger.dirty`) and the market rows
 * whose content differs from what was last written. Each row is stamped with the operation's
 * change number. Runs inside the caller's transaction.
 */
export class LedgerWriter {
  readonly #account: string;
  readonly #upsertAccount: StatementSync;
  readonly #upsertOrder: StatementSync;
  readonly #insertFill: StatementSync;
  readonly #upsertPosition: StatementSync;
  readonly #upsertMarket: StatementSync;
  /** Fills of the engine's log already in the database. */
  #fills = 0;
  /** Market rows as last written or read, per symbol. */
  readonly #market = new Map<string, string>();

  constructor(db: DatabaseSync, account: string) {
    this.#account = account;
    this.#upsertAccount = db.prepare(
      `INSERT INTO sim_accounts (account, change, initial_cash, cash, realized_pnl, commissions, state) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account) DO UPDATE SET change = excluded.change, initial_cash = excluded.initial_cash, cash = excluded.cash,
       realized_pnl = excluded.realized_pnl, commissions = excluded.commissions, state = excluded.state`,
    );
    this.#upsertOrder = db.prepare(
      `INSERT INTO sim_orders (account, id, seq, client_order_id, symbol, status, change, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, id) DO UPDATE SET client_order_id = excluded.client_order_id, status = excluded.status, change = excluded.change, body = excluded.body`,
    );
    this.#insertFill = db.prepare(
      'INSERT INTO sim_fills (account, seq, order_id, symbol, side, quantity, price, commission, at, change, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#upsertPosition = db.prepare(
      `INSERT INTO sim_positions (account, symbol, quantity, cost, realized_pnl, change) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, symbol) DO UPDATE SET quantity = excluded.quantity, cost = excluded.cost, realized_pnl = excluded.realized_pnl, change = excluded.change`,
    );
    this.#upsertMarket = db.prepare(
      'INSERT INTO sim_market (account, symbol, change, body) VALUES (?, ?, ?, ?) ON CONFLICT (account, symbol) DO UPDATE SET change = excluded.change, body = excluded.body',
    );
  }

  /**
   * Takes the engine as the database holds it (after a load or catching up with another process):
   * nothing of it needs writing. `market`: the market rows as read (a load); without it the rows
   * remembered so far stay.
   */
  adopt(engine: SimEngine, market?: ReadonlyMap<string, string>): void {
    this.#fills = engine.fillLog.length;
    if (market) {
      this.#market.clear();
      for (const [symbol, text] of market) this.#market.set(symbol, text);
    }
    engine.store.touched = new Set();
    engine.ledger.dirty = new Set();
  }

  /** The market row's text for a symbol already written (for catching up). */
  rememberMarket(symbol: string, text: string): void {
    this.#market.set(symbol, text);
  }

  /**
   * Writes every record of the engine (an imported state file: a fresh account in the database).
   *
   * @example
   * ```ts
   * writer.writeAll(engineFromJson, 1)
   * ```
   */
  writeAll(engine: SimEngine, change: number): void {
    this.#fills = 0;
    this.#market.clear();
    engine.store.touched = new Set(engine.orders.values());
    engine.ledger.dirty = new Set(engine.ledger.positions.keys());
    this.write(engine, change);
  }

  /** Writes what changed since the last write, stamped `change`. */
  write(engine: SimEngine, change: number): void {
    const account = this.#account;
    const l = engine.ledger;
    this.#upsertAccount.run(account, change, exactText(l.initialCash), exactText(l.cash), exactText(l.realized), exactText(l.commissions), canonicalJson(accountState(engine)));
    const touched = engine.store.touched;
    if (touched && touched.size > 0) {
      // In seq order: a reader applying them in row order sees parents before their legs.
      const orders = touched.size === 1 ? [...touched] : [...touched].sort((a, b) => a.seq - b.seq);
      for (const o of orders) this.#writeOrder(engine, o, change);
      touched.clear();
    }
    const log = engine.fillLog;
    for (let i = this.#fills; i < log.length; i++) {
      const entry = log[i] as Fill | PendingFill;
      const fill = entry instanceof PendingFill ? entry.toFill() : entry;
      const raw = fill.raw as { quantity: string; price: string; commission: string };
      this.#insertFill.run(account, i + 1, fill.orderId, fill.symbol, fill.side, raw.quantity, raw.price, raw.commission, fill.timestamp, change, canonicalJson(fill));
    }
    this.#fills = log.length;
    const dirty = l.dirty;
    if (dirty && dirty.size > 0) {
      for (const symbol of dirty) {
        const p = l.positions.get(symbol);
        if (p) this.#upsertPosition.run(account, symbol, exactText(p.quantity), exactText(p.cost), exactText(p.realized), change);
      }
      dirty.clear();
    }
    for (const [symbol, book] of engine.books) {
      const m = marketState(book);
      if (!m) continue;
      const text = canonicalJson(m);
      if (this.#market.get(symbol) === text) continue;
      this.#upsertMarket.run(account, symbol, change, text);
      this.#market.set(symbol, text);
    }
  }

  #writeOrder(engine: SimEngine, o: SimOrder, change: number): void {
    const order = o.order;
    this.#upsertOrder.run(this.#account, order.id, o.seq, order.clientOrderId, order.symbol, order.status, change, canonicalJson(orderState(engine, o)));
  }
}
