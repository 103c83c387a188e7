import { Decimal, type Fill } from '@invest/broker-core';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { placeOrder, unindexOrder } from '../engine/book-index.ts';
import type { EngineConfig, SimEngine } from '../engine/engine.ts';
import { isOpenStatus, type SimOrder } from '../engine/sim-order.ts';
import type { SessionCalendar } from '../session/calendar.ts';
import { SessionTracker } from '../session/session-tracker.ts';
import { applyMarketState, engineFromState, simOrderOf } from './engine-state.ts';
import type { SimMarketState, SimOrderState, SimState } from './state-schema.ts';

interface AccountRow {
  change: number;
  initial_cash: string;
  cash: string;
  realized_pnl: string;
  commissions: string;
  state: string;
}

type AccountState = Pick<SimState, 'version' | 'accountId' | 'currency' | 'time' | 'startOfDay' | 'seq' | 'pulled' | 'source'>;

/** An engine as the database holds it, with the change it reflects and its market rows' text. */
export interface LoadedLedger {
  engine: SimEngine;
  change: number;
  market: Map<string, string>;
}

/**
 * Reads one paper account out of the state database: whole (`load`, once per process) or only
 * the rows another process changed since this one last looked (`catchUp`).
 */
export class LedgerReader {
  readonly #account: string;
  readonly #change: StatementSync;
  readonly #accountRow: StatementSync;
  readonly #orders: StatementSync;
  readonly #fills: StatementSync;
  readonly #positions: StatementSync;
  readonly #market: StatementSync;

  constructor(db: DatabaseSync, account: string) {
    this.#account = account;
    this.#change = db.prepare('SELECT change FROM sim_accounts WHERE account = ?');
    this.#accountRow = db.prepare('SELECT change, initial_cash, cash, realized_pnl, commissions, state FROM sim_accounts WHERE account = ?');
    this.#orders = db.prepare('SELECT body FROM sim_orders WHERE account = ? AND change > ? ORDER BY seq');
    this.#fills = db.prepare('SELECT body FROM sim_fills WHERE account = ? AND change > ? ORDER BY seq');
    this.#positions = db.prepare('SELECT symbol, quantity, cost, realized_pnl FROM sim_positions WHERE account = ? AND change > ?');
    this.#market = db.prepare('SELECT symbol, body FROM sim_market WHERE account = ? AND change > ?');
  }

  /** The account's change counter (undefined: no such account yet). */
  change(): number | undefined {
    const row = this.#change.get(this.#account) as { change: number } | undefined;
    return row?.change;
  }

  /** The whole account (undefined when the database has none). */
  load(config: EngineConfig, calendar: SessionCalendar): LoadedLedger | undefined {
    const row = this.#accountRow.get(this.#account) as AccountRow | undefined;
    if (!row) return undefined;
    const a = JSON.parse(row.state) as AccountState;
    const positions: SimState['positions'] = {};
    for (const p of this.#positions.all(this.#account, -1) as { symbol: string; quantity: string; cost: string; realized_pnl: string }[]) {
      positions[p.symbol] = { quantity: p.quantity, cost: p.cost, realizedPnl: p.realized_pnl };
    }
    const marketText = new Map<string, string>();
    const market: SimState['market'] = {};
    for (const m of this.#market.all(this.#account, -1) as { symbol: string; body: string }[]) {
      marketText.set(m.symbol, m.body);
      market[m.symbol] = JSON.parse(m.body) as SimMarketState;
    }
    const state: SimState = {
      ...a,
      ledger: { initialCash: row.initial_cash, cash: row.cash, realizedPnl: row.realized_pnl, commissions: row.commissions },
      positions,
      orders: (this.#orders.all(this.#account, -1) as { body: string }[]).map((r) => JSON.parse(r.body) as SimOrderState),
      fills: (this.#fills.all(this.#account, -1) as { body: string }[]).map((r) => JSON.parse(r.body) as Fill),
      market,
    };
    return { engine: engineFromState(state, config, calendar), change: row.change, market: marketText };
  }

  /**
   * Applies to `engine` what another process wrote after change `since`: the account row, then the
   * positions, market rows, fills and orders stamped later. A changed order leaves its index and
   * goes back where its new state puts it. Returns the new change and the market rows read.
   */
  catchUp(engine: SimEngine, since: number, calendar: SessionCalendar): { change: number; market: Map<string, string> } {
    const row = this.#accountRow.get(this.#account) as unknown as AccountRow;
    const a = JSON.parse(row.state) as AccountState;
    const l = engine.ledger;
    l.initialCash = Decimal.from(row.initial_cash);
    l.cash = Decimal.from(row.cash);
    l.realized = Decimal.from(row.realized_pnl);
    l.commissions = Decimal.from(row.commissions);
    if (a.time !== engine.time) {
      engine.time = a.time;
      // The other process crossed the session boundaries up to its time: start from there.
      engine.tracker = new SessionTracker(calendar, a.time);
    }
    engine.startOfDay = { date: a.startOfDay.date, equity: Decimal.from(a.startOfDay.equity) };
    Object.assign(engine.seq, a.seq);
    engine.pulled.clear();
    for (const [symbol, p] of Object.entries(a.pulled)) engine.pulled.set(symbol, { at: p.at, key: p.key });
    engine.sourceState = a.source ?? undefined;
    for (const p of this.#positions.all(this.#account, since) as { symbol: string; quantity: string; cost: string; realized_pnl: string }[]) {
      l.positions.set(p.symbol, { quantity: Decimal.from(p.quantity), cost: Decimal.from(p.cost), realized: Decimal.from(p.realized_pnl) });
    }
    const market = new Map<string, string>();
    for (const m of this.#market.all(this.#account, since) as { symbol: string; body: string }[]) {
      market.set(m.symbol, m.body);
      applyMarketState(engine.book(m.symbol), JSON.parse(m.body) as SimMarketState);
    }
    const log = engine.fillLog;
    for (const f of this.#fills.all(this.#account, since) as { body: string }[]) log.push(JSON.parse(f.body) as Fill);
    const changed = (this.#orders.all(this.#account, since) as { body: string }[]).map((r) => JSON.parse(r.body) as SimOrderState);
    applyOrders(engine, changed);
    return { change: row.change, market };
  }
}

/** Puts changed orders into the engine: out of their old place in the indexes, in at their new one. */
function applyOrders(engine: SimEngine, changed: SimOrderState[]): void {
  const store = engine.store;
  const targets: SimOrder[] = [];
  for (const st of changed) {
    const existing = engine.orders.get(st.order.id);
    if (existing) {
      unindexOrder(engine, existing);
      store.untrackOpen(existing);
      store.queued.delete(existing);
      const fresh = simOrderOf(st);
      // The same object stays: heaps and leg lists hold it. Its index generation moves on, and
      // what it holds back stays until the reservations catch up with it (engine.changed below).
      Object.assign(existing, { ...fresh, gen: existing.gen + 1, slot: 'none', claim: existing.claim, openAt: existing.openAt, sellPart: existing.sellPart });
      if (st.siblingId === undefined) existing.siblingId = undefined;
      if (st.waterMark === undefined) existing.waterMark = undefined;
      if (st.expiresAt === undefined) existing.expiresAt = undefined;
      targets.push(existing);
    } else {
      const o = simOrderOf(st);
      store.add(o);
      targets.push(o);
    }
  }
  for (const o of targets) {
    engine.changed(o);
    if (!isOpenStatus(o.order.status)) continue;
    store.trackOpen(o);
    if (o.order.status === 'held') {
      o.slot = 'held';
      continue;
    }
    if (o.order.status === 'accepted') store.queued.add(o);
    if (o.expiresAt !== undefined) store.expiries.push(o.expiresAt, o.seq, o);
    placeOrder(engine, o, engine.time, false);
  }
}
