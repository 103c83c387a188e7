import { Decimal, type Fill, type Order, type OrderReplace, type OrderRequest } from '@invest/broker-core';
import type { SimQuote } from '../prices/price-source.ts';
import type { SessionCalendar } from '../session/calendar.ts';
import { SessionTracker } from '../session/session-tracker.ts';
import { placeOrder } from './book-index.ts';
import type { CommissionSchedule } from './commission.ts';
import type { PriceRounding } from './fill-price.ts';
import { Ledger } from './ledger.ts';
import { matchBook } from './matching.ts';
import { OrderBook } from './order-book.ts';
import { cancelOrder, replaceOrder, submitOrder } from './order-entry.ts';
import type { OrderMap } from './order-map.ts';
import { OrderStore } from './order-store.ts';
import { PendingFill } from './pending-fill.ts';
import { publicOrder, waterMarkOf } from './public-order.ts';
import { sessionBoundary } from './session-events.ts';
import { isOpenStatus, type SimOrder } from './sim-order.ts';
import type { ReservationView } from './reservations.ts';
import { accountTotals, markOf, type AccountTotals } from './valuation.ts';

/** What the engine needs to know about the account it simulates. */
export interface EngineConfig {
  accountId: string;
  currency: string;
  accountType: 'cash' | 'margin';
  /** Buying power multiple of equity on a margin account (1 on a cash account). */
  marginMultiplier: number;
  shortSelling: boolean;
  fractional: boolean;
  commission: CommissionSchedule;
  slippageBps: number;
  /** Fill no more than the quoted size; the rest waits for the next quote. */
  liquidity: boolean;
  priceRounding: PriceRounding;
  initialCash: number;
}

/** What `takeEvents` returns when nothing was recorded: one shared list, never added to. */
const NO_EVENTS: readonly EngineEvent[] = [];

/** Something listeners should hear about, recorded during an operation and emitted after it commits. */
export type EngineEvent = { type: 'order'; order: Order } | { type: 'fill'; fill: Fill };

/**
 * The matching engine and ledger of one simulated account: the state, and the operations on it.
 * Everything here is synchronous and deterministic: given the same starting state, operations and
 * quotes (with their times), it ends in the same state. Persistence, price sources and the parsing
 * of raw input live outside (`SimBroker`, behind core's `withValidation`); the engine trusts parsed
 * requests but enforces the account's rules before it changes anything, so a refused order leaves
 * no trace. The work is done in one file per concern: `order-entry.ts` (submit, replace, cancel),
 * `lifecycle.ts` (status changes), `book-index.ts` (where a working order rests), `matching.ts`
 * and `execution.ts` (what fills at a quote, and at what price), `session-events.ts` (opens,
 * closes, expiries), `valuation.ts` and `funds-check.ts` (the account's figures and limits),
 * `public-order.ts` (what callers see).
 */
export class SimEngine {
  readonly config: EngineConfig;
  readonly calendar: SessionCalendar;
  readonly ledger: Ledger;
  /** Orders and the sets they are kept in (open per symbol, waiting for the open, by expiry). */
  readonly store = new OrderStore();
  readonly orders: OrderMap = this.store.orders;
  readonly books = new Map<string, OrderBook>();
  /** Every execution, oldest first; a record nobody has asked for yet is kept as a `PendingFill`. */
  readonly fillLog: (Fill | PendingFill)[] = [];
  /** Entries of `fillLog` before this index are `Fill`s. */
  #fillsBuilt = 0;
  /** Per symbol: when the price source was last read and what it said (a fingerprint). */
  readonly pulled = new Map<string, { at: number; key: string }>();
  /** The price source's own saved state. */
  sourceState: unknown = undefined;
  readonly seq = { order: 0, fill: 0, clientOrderId: 0 };
  startOfDay: { date: string; equity: Decimal };
  /** Simulated time: never goes back. */
  time: number;
  tracker: SessionTracker;
  /** Changes made (a persisted engine is written only when this moved). */
  mutations = 0;
  /** Record events (set when someone listens). */
  recording = false;
  events: EngineEvent[] = [];
  /** A fill changed cash or positions during the current operation. */
  ledgerChanged = false;
  /** What `Reservations` reads of the account. */
  readonly view: ReservationView = {
    position: (symbol) => this.ledger.quantity(symbol),
    takePrice: (symbol, side) => this.books.get(symbol)?.takePrice(side),
    order: (id) => this.store.orders.get(id),
  };

  constructor(config: EngineConfig, calendar: SessionCalendar, time: number) {
    this.config = config;
    this.calendar = calendar;
    this.ledger = new Ledger(Decimal.from(config.initialCash));
    this.time = time;
    this.tracker = new SessionTracker(calendar, time);
    this.startOfDay = { date: this.tracker.session.date, equity: this.ledger.initialCash };
  }

  // ---------------------------------------------------------------- queries

  /** Every execution so far, oldest first (the array itself: `push` adds one, as a restore does). */
  get fills(): Fill[] {
    const all = this.fillLog;
    for (let i = this.#fillsBuilt; i < all.length; i++) {
      const f = all[i];
      if (f instanceof PendingFill) all[i] = f.toFill();
    }
    this.#fillsBuilt = all.length;
    return all as Fill[];
  }

  /** The order with this id; `OrderNotFoundError` otherwise. */
  get(id: string): SimOrder {
    return this.store.get(id);
  }

  byClientId(clientOrderId: string): SimOrder | undefined {
    return this.store.byClientId(clientOrderId);
  }

  book(symbol: string): OrderBook {
    let book = this.books.get(symbol);
    if (!book) {
      book = new OrderBook(symbol);
      this.books.set(symbol, book);
    }
    return book;
  }

  /** Known to the market: quoted, or declared by the price source. */
  knows(symbol: string): boolean {
    const book = this.books.get(symbol);
    return book !== undefined && (book.hasQuote || book.known);
  }

  hasOpenOrders(symbol: string): boolean {
    return this.store.hasOpenOrders(symbol);
  }

  /** Symbols whose prices matter now: open orders or a position. */
  activeSymbols(): string[] {
    const out = new Set<string>();
    for (const [symbol, list] of this.store.open) if (list.length > 0) out.add(symbol);
    for (const [symbol, p] of this.ledger.positions) if (!p.quantity.isZero()) out.add(symbol);
    return out.size <= 1 ? [...out] : [...out].sort();
  }

  /** Open orders, oldest first. */
  openOrders(): SimOrder[] {
    return this.store.openOrders();
  }

  /** The mark of a symbol: last trade, else the mid, else whichever side is quoted. */
  mark(symbol: string): Decimal | undefined {
    return markOf(this, symbol);
  }

  /** Exact account figures at the current marks. */
  totals(exclude?: SimOrder): AccountTotals {
    return accountTotals(this, exclude);
  }

  /** The order as callers see it (see `publicOrder`). */
  publicOrder(o: SimOrder): Order {
    return publicOrder(this, o);
  }

  /** Current water mark of a trailing stop (from the index while it rests). */
  waterMarkOf(o: SimOrder): number | undefined {
    return waterMarkOf(this, o);
  }

  /**
   * Every change to an order goes through here: what it holds back is updated, and a persisted
   * store learns which rows to write.
   */
  changed(o: SimOrder): void {
    this.store.touched?.add(o);
    this.store.reservations.sync(o);
  }

  /** Events recorded since the last call (a shared empty list when there were none). */
  takeEvents(): readonly EngineEvent[] {
    const e = this.events;
    if (e.length === 0) return NO_EVENTS;
    this.events = [];
    return e;
  }

  // ---------------------------------------------------------------- time and quotes

  /** Moves simulated time forward to `time`, running every session boundary on the way. */
  advanceTo(time: number): void {
    if (!(time > this.time)) return;
    if (time >= this.tracker.nextAt) this.tracker.advance(time, (b, at, s) => sessionBoundary(this, b, at, s));
    this.time = time;
  }

  /**
   * One quote at `time` (a time before the engine's counts as now). Time moves first (session
   * boundaries on the way run), then stops and trailing stops see the new price and marketable
   * orders fill against it.
   */
  tick(q: Omit<SimQuote, 'time'>, time: number): void {
    const t = time > this.time ? time : this.time;
    if (t >= this.tracker.nextAt) this.advanceTo(t);
    else this.time = t;
    let book = this.books.get(q.symbol);
    if (!book) book = this.book(q.symbol);
    book.setQuote(q, t);
    this.mutations++;
    if (book.live === 0 || this.tracker.phase === 'closed') return;
    matchBook(this, book, t);
  }

  // ---------------------------------------------------------------- orders

  /** Places a parsed order (see `submitOrder` in order-entry.ts). */
  submit(req: OrderRequest): SimOrder {
    return submitOrder(this, req);
  }

  /** Cancels an open order and its working legs. */
  cancel(id: string): void {
    cancelOrder(this, id);
  }

  /** Replaces an open order (see `replaceOrder` in order-entry.ts). */
  replace(id: string, changes: OrderReplace): SimOrder {
    return replaceOrder(this, id, changes);
  }

  // ---------------------------------------------------------------- restore

  /**
   * Puts a restored order back: status and index as they were, without events or execution
   * (`restoreEngine` calls it in `seq` order).
   */
  restoreOrder(o: SimOrder): void {
    this.store.add(o);
    this.changed(o);
    if (!isOpenStatus(o.order.status)) return;
    this.store.trackOpen(o);
    if (o.order.status === 'held') {
      o.slot = 'held';
      return;
    }
    if (o.order.status === 'accepted') this.store.queued.add(o);
    if (o.expiresAt !== undefined) this.store.expiries.push(o.expiresAt, o.seq, o);
    placeOrder(this, o, this.time, false);
  }
}
