import {
  applyOrderUpdate,
  Decimal,
  InsufficientFundsError,
  InvalidOrderError,
  NotSupportedError,
  OrderNotFoundError,
  OrderStateError,
  type Fill,
  type Order,
  type OrderReplace,
  type OrderRequest,
  type OrderStatus,
  type OrderUpdate,
} from '@invest/broker-core';
import { exactText } from './exact-text.ts';
import type { SimQuote } from '../prices/price-source.ts';
import type { SessionBoundary } from '../session/session-tracker.ts';
import { SessionTracker } from '../session/session-tracker.ts';
import type { SessionCalendar, TradingSession } from '../session/calendar.ts';
import { fillCommission, orderCommission, type CommissionSchedule } from './commission.ts';
import { ClientIdIndex, generatedClientId } from './client-id-index.ts';
import { floorDecimal } from './decimal-floor.ts';
import { decimalOf, minus, numberOf, plus } from './fast-decimal.ts';
import { slippedPrice, type PriceRounding } from './fill-price.ts';
import { Ledger } from './ledger.ts';
import { OrderBook } from './order-book.ts';
import { OrderMap } from './order-map.ts';
import { checkSimRules } from './order-rules.ts';
import { PriceHeap } from './price-heap.ts';
import { isOpenStatus, orderQuantity, remainingQuantity, type OrderRole, type OrderSlot, type SimOrder } from './sim-order.ts';

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

/** Something listeners should hear about, recorded during an operation and emitted after it commits. */
export type EngineEvent = { type: 'order'; order: Order } | { type: 'fill'; fill: Fill };

/** Exact account figures, all derived from the ledger and the latest marks. */
export interface AccountTotals {
  cash: Decimal;
  equity: Decimal;
  /** Signed sum of quantity x mark. */
  marketValue: Decimal;
  longValue: Decimal;
  shortValue: Decimal;
  unrealized: Decimal;
  realized: Decimal;
  commissions: Decimal;
  /** Buying power held back by open orders. */
  reserved: Decimal;
  buyingPower: Decimal;
  startOfDayEquity: Decimal;
  dayPnl: Decimal;
}

/** Decimal places of a fractional quantity (the capabilities' increment of 1e-9). */
export const QUANTITY_PLACES = 9;

const HALF = Decimal.from('0.5');

/** The legs of an order that has none: one shared list, never changed (`#leg` gives a parent its own). */
const NO_LEGS: string[] = [];

// Orders, fills and events of one operation share their time, and an order's expiry is shown
// next to it: keep the two latest texts (a one-entry cache would alternate between them).
let lastTime = Number.NaN;
let lastIso = '';
let prevTime = Number.NaN;
let prevIso = '';
const iso = (t: number): string => {
  if (t === lastTime) return lastIso;
  if (t === prevTime) return prevIso;
  prevTime = lastTime;
  prevIso = lastIso;
  lastIso = new Date(t).toISOString();
  lastTime = t;
  return lastIso;
};
/** `String(n).padStart(6, '0')` for a sequence number, without the padding call below a million. */
const pad = (n: number): string => (n >= 0 && n < 1_000_000 ? String(1_000_000 + n).slice(1) : String(n).padStart(6, '0'));

/**
 * The matching engine and ledger of one simulated account. Everything here is synchronous and
 * deterministic: given the same starting state, operations and quotes (with their times), it ends
 * in the same state. Persistence, price sources and validation of raw input live outside
 * (`SimBroker`); the engine trusts parsed requests but enforces the account's rules (symbol known,
 * client order id unique, short selling, buying power) before it changes anything, so a refused
 * order leaves no trace.
 */
export class SimEngine {
  readonly config: EngineConfig;
  readonly calendar: SessionCalendar;
  readonly ledger: Ledger;
  readonly orders = new OrderMap();
  readonly books = new Map<string, OrderBook>();
  /** Every execution, oldest first; a record nobody has asked for yet is kept as a `PendingFill`. */
  readonly #fills: (Fill | PendingFill)[] = [];
  /** Entries of `#fills` before this index are `Fill`s. */
  #fillsBuilt = 0;
  /** Per symbol: when the price source was last read and what it said (a fingerprint). */
  readonly pulled = new Map<string, { at: number; key: string }>();
  /** The price source's own saved state. */
  sourceState: unknown = undefined;
  readonly seq = { order: 0, fill: 0, clientOrderId: 0 };
  startOfDay: { date: string; equity: Decimal };
  /** Simulated time: never goes back. */
  time: number;
  readonly tracker: SessionTracker;
  /** Changes made (a persisted engine is written only when this moved). */
  mutations = 0;
  /** Record events (set when someone listens). */
  recording = false;
  events: EngineEvent[] = [];
  /** A fill changed cash or positions during the current operation. */
  ledgerChanged = false;

  readonly #open = new Map<string, Set<SimOrder>>();
  readonly #byClientId = new ClientIdIndex();
  readonly #expiries = new PriceHeap<SimOrder>();
  readonly #queued = new Set<SimOrder>();

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
    const all = this.#fills;
    for (let i = this.#fillsBuilt; i < all.length; i++) {
      const f = all[i];
      if (f instanceof PendingFill) all[i] = f.toFill();
    }
    this.#fillsBuilt = all.length;
    return all as Fill[];
  }

  /** The order with this id; `OrderNotFoundError` otherwise. */
  get(id: string): SimOrder {
    const o = this.orders.get(id);
    if (!o) throw new OrderNotFoundError(`No order with id ${JSON.stringify(id)}`, { broker: 'sim' });
    return o;
  }

  byClientId(clientOrderId: string): SimOrder | undefined {
    return this.#byClientId.get(clientOrderId);
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
    return (this.#open.get(symbol)?.size ?? 0) > 0;
  }

  /** Symbols whose prices matter now: open orders or a position. */
  activeSymbols(): string[] {
    const out = new Set<string>();
    for (const [symbol, set] of this.#open) if (set.size > 0) out.add(symbol);
    for (const [symbol, p] of this.ledger.positions) if (!p.quantity.isZero()) out.add(symbol);
    return out.size <= 1 ? [...out] : [...out].sort();
  }

  /** Open orders, oldest first. */
  openOrders(): SimOrder[] {
    const out: SimOrder[] = [];
    for (const set of this.#open.values()) for (const o of set) out.push(o);
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** The mark of a symbol: last trade, else the mid, else whichever side is quoted. */
  mark(symbol: string): Decimal | undefined {
    const b = this.books.get(symbol);
    if (!b) return undefined;
    if (b.last !== undefined) return decimalOf(b.last);
    if (b.bid !== undefined && b.ask !== undefined) return decimalOf(b.bid).add(decimalOf(b.ask)).mul(HALF);
    const side = b.bid ?? b.ask;
    return side === undefined ? undefined : decimalOf(side);
  }

  /** Exact account figures at the current marks. */
  totals(exclude?: SimOrder): AccountTotals {
    const l = this.ledger;
    const { longValue, shortValue, unrealized } = this.#marked(true);
    const marketValue = plus(longValue, shortValue);
    const equity = plus(l.cash, marketValue);
    const reserved = this.#reserved(exclude);
    const buyingPower = this.#buyingPowerOf(equity, longValue, shortValue, reserved);
    return {
      cash: l.cash, equity, marketValue, longValue, shortValue, unrealized,
      realized: l.realized, commissions: l.commissions, reserved, buyingPower,
      startOfDayEquity: this.startOfDay.equity, dayPnl: equity.sub(this.startOfDay.equity),
    };
  }

  /** Long and short market value at the current marks (and unrealized P&L when asked: not on the per-order path). */
  #marked(withUnrealized: boolean): { longValue: Decimal; shortValue: Decimal; unrealized: Decimal } {
    let longValue = Decimal.ZERO;
    let shortValue = Decimal.ZERO;
    let unrealized = Decimal.ZERO;
    for (const [symbol, p] of this.ledger.positions) {
      if (p.quantity.isZero()) continue;
      const mark = this.mark(symbol);
      const value = mark ? p.quantity.mul(mark) : p.cost;
      if (value.sign() >= 0) longValue = plus(longValue, value);
      else shortValue = plus(shortValue, value);
      if (withUnrealized) unrealized = plus(unrealized, minus(value, p.cost));
    }
    return { longValue, shortValue, unrealized };
  }

  /** `totals(exclude).buyingPower`, without the figures it does not need (the check on every order). */
  #buyingPower(exclude: SimOrder | undefined): Decimal {
    const l = this.ledger;
    const { longValue, shortValue } = this.#marked(false);
    const equity = plus(l.cash, plus(longValue, shortValue));
    return this.#buyingPowerOf(equity, longValue, shortValue, this.#reserved(exclude));
  }

  #buyingPowerOf(equity: Decimal, longValue: Decimal, shortValue: Decimal, reserved: Decimal): Decimal {
    const multiplier = this.config.accountType === 'margin' ? this.config.marginMultiplier : 1;
    const buyingPower = minus(plus(minus(equity.mul(decimalOf(multiplier)), longValue), shortValue), reserved);
    return buyingPower.sign() < 0 ? Decimal.ZERO : buyingPower;
  }

  /**
   * The order as the public model shows it: legs nested, a trailing stop's current stop price,
   * and in `raw` what the simulator knows beyond the model (exact commission, water mark).
   */
  publicOrder(o: SimOrder): Order {
    const out = publicFields(o.order);
    if (o.order.type === 'trailing_stop' && !o.triggered) {
      const book = this.books.get(o.order.symbol);
      const side = o.order.side === 'sell' ? book?.trailSell : book?.trailBuy;
      const stop = side?.stopOf(o);
      if (stop && stop.sign() > 0) out.stopPrice = stop.toNumber();
    }
    if (o.legIds.length > 0) out.legs = o.legIds.map((id) => this.publicOrder(this.get(id)));
    const raw: Record<string, unknown> = { role: o.role, commission: exactText(o.commission), filledQuantity: exactText(o.filled) };
    const mark = this.#waterMark(o);
    if (mark !== undefined) raw.waterMark = mark;
    if (o.triggered) raw.triggered = true;
    if (o.expiresAt !== undefined) raw.expiresAt = iso(o.expiresAt);
    out.raw = raw;
    return out;
  }

  /** Current water mark of a trailing stop (from the index while it rests). */
  waterMarkOf(o: SimOrder): number | undefined {
    return this.#waterMark(o);
  }

  #waterMark(o: SimOrder): number | undefined {
    if (o.order.type !== 'trailing_stop') return undefined;
    if (o.slot === 'trailing') {
      const book = this.books.get(o.order.symbol);
      return (o.order.side === 'sell' ? book?.trailSell : book?.trailBuy)?.markOf(o);
    }
    return o.waterMark;
  }

  /** Events recorded since the last call. */
  takeEvents(): EngineEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }

  // ---------------------------------------------------------------- time and quotes

  /** Moves simulated time forward to `time`, running every session boundary on the way. */
  advanceTo(time: number): void {
    if (!(time > this.time)) return;
    if (time >= this.tracker.nextAt) this.tracker.advance(time, (b, at, s) => this.#boundary(b, at, s));
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
    this.#match(book, t);
  }

  // ---------------------------------------------------------------- orders

  /** Places a parsed order. `generatedId`: the caller gave no client order id; use the next free `sim-NNNNNN`. */
  submit(req: OrderRequest, generatedId: boolean): SimOrder {
    checkSimRules(req);
    const at = this.time;
    if (!this.knows(req.symbol)) {
      throw new InvalidOrderError(`Invalid order: symbol: unknown symbol ${req.symbol} (the price source has no price for it)`, {
        field: 'symbol', broker: 'sim', outcome: 'rejected',
      });
    }
    const clientOrderId = generatedId ? this.#peekClientOrderId() : req.clientOrderId;
    // A generated id was just found free.
    if (!generatedId) this.#assertClientIdFree(clientOrderId);
    this.#checkFunds(req, undefined);

    // Nothing has changed so far; from here the order exists.
    if (generatedId) this.seq.clientOrderId = this.#clientSeqOf(clientOrderId);
    this.mutations++;
    const parent = this.#create(req, clientOrderId, at, req.orderClass === 'oco' ? 'take_profit' : 'entry');
    if (req.orderClass === 'oco') {
      const tp = req.takeProfit as { limitPrice: number };
      parent.order.type = 'limit';
      parent.order.limitPrice = tp.limitPrice;
      const sl = this.#leg(parent, req, 'stop_loss', req.side, at);
      parent.siblingId = sl.order.id;
      sl.siblingId = parent.order.id;
      this.#activate(parent, at);
      if (isOpenStatus(sl.order.status)) this.#activate(sl, at);
      return parent;
    }
    if (req.orderClass === 'bracket' || req.orderClass === 'oto') {
      const exit = req.side === 'buy' ? 'sell' : 'buy';
      const legs: SimOrder[] = [];
      if (req.takeProfit) legs.push(this.#leg(parent, req, 'take_profit', exit, at));
      if (req.stopLoss) legs.push(this.#leg(parent, req, 'stop_loss', exit, at));
      if (legs.length === 2) {
        (legs[0] as SimOrder).siblingId = (legs[1] as SimOrder).order.id;
        (legs[1] as SimOrder).siblingId = (legs[0] as SimOrder).order.id;
      }
      for (const leg of legs) this.#update(leg, 'held', at);
    }
    this.#activate(parent, at);
    return parent;
  }

  /** Cancels an open order (and its legs; legs of a partly filled entry start working instead). */
  cancel(id: string): void {
    const o = this.get(id);
    if (!isOpenStatus(o.order.status)) {
      throw new OrderStateError(`Order ${id} is ${o.order.status} and cannot be canceled`, { broker: 'sim' });
    }
    this.mutations++;
    this.#end(o, 'canceled', this.time, true);
  }

  /**
   * Replaces an open order with a new one carrying the changes (the old one ends `replaced`, the
   * new one has `replaces` set and goes to the back of the queue at its price).
   */
  replace(id: string, changes: OrderReplace, generatedId: boolean): SimOrder {
    const old = this.get(id);
    const at = this.time;
    const o = old.order;
    const bad = (field: string, message: string): never => {
      throw new InvalidOrderError(`Invalid replace: ${field}: ${message}`, { field, broker: 'sim', outcome: 'denied' });
    };
    if (!isOpenStatus(o.status)) throw new OrderStateError(`Order ${id} is ${o.status} and cannot be replaced`, { broker: 'sim' });
    if (o.type === 'market') bad('type', 'a market order cannot be replaced');
    if (changes.limitPrice !== undefined && o.type !== 'limit' && o.type !== 'stop_limit') bad('limitPrice', `is not allowed on a ${o.type} order`);
    if (changes.stopPrice !== undefined && o.type !== 'stop' && o.type !== 'stop_limit') bad('stopPrice', `is not allowed on a ${o.type} order`);
    if (old.triggered && o.type !== 'stop_limit') bad('type', `the ${o.type} has triggered and is working as a market order`);
    if (changes.stopPrice !== undefined && old.triggered) bad('stopPrice', 'the stop has already triggered');
    for (const f of ['trailPrice', 'trailPercent'] as const) {
      if (changes[f] !== undefined && o.type !== 'trailing_stop') bad(f, `is not allowed on a ${o.type} order`);
    }
    if (changes.trailPrice !== undefined && changes.trailPercent !== undefined) bad('trailPercent', 'cannot be given together with trailPrice');
    if (changes.trailPercent !== undefined && changes.trailPercent >= 100) bad('trailPercent', `must be below 100, got ${changes.trailPercent}`);
    if (changes.quantity !== undefined && old.role !== 'entry') bad('quantity', `cannot change on a ${o.orderClass} exit leg`);
    if (changes.quantity !== undefined && old.siblingId !== undefined) bad('quantity', 'cannot change on an oco order');
    if (changes.timeInForce !== undefined && changes.timeInForce !== o.timeInForce && (old.role !== 'entry' || o.orderClass !== 'simple')) {
      bad('timeInForce', `cannot change on a ${o.orderClass} order`);
    }
    const req = this.#requestOf(old, changes);
    try {
      checkSimRules(req);
    } catch (error) {
      if (error instanceof InvalidOrderError) bad(error.field ?? '(root)', error.message.replace(/^Invalid order: [^:]*: /, ''));
      throw error;
    }
    if (req.type === 'stop_limit' && (req.side === 'buy' ? (req.limitPrice as number) < (req.stopPrice as number) : (req.limitPrice as number) > (req.stopPrice as number))) {
      bad('limitPrice', `must be ${req.side === 'buy' ? 'at or above' : 'at or below'} stopPrice ${req.stopPrice} for a ${req.side} stop_limit order, got ${req.limitPrice}`);
    }
    const clientOrderId = generatedId ? this.#peekClientOrderId() : (changes.clientOrderId as string);
    this.#assertClientIdFree(clientOrderId);
    if (old.role === 'entry' && o.status !== 'held') this.#checkFunds(req, old);

    if (generatedId) this.seq.clientOrderId = this.#clientSeqOf(clientOrderId);
    this.mutations++;
    const wasHeld = o.status === 'held';
    const next = this.#create({ ...req, clientOrderId }, clientOrderId, at, old.role);
    next.order.type = o.type;
    next.order.orderClass = o.orderClass;
    next.order.replaces = o.id;
    if (o.parentId !== undefined) next.order.parentId = o.parentId;
    next.legIds = old.legIds;
    next.triggered = old.triggered && o.type === 'stop_limit';
    if (old.siblingId !== undefined) {
      next.siblingId = old.siblingId;
      const sib = this.orders.get(old.siblingId);
      if (sib) sib.siblingId = next.order.id;
    }
    for (const legId of old.legIds) {
      const leg = this.get(legId);
      leg.order = { ...leg.order, parentId: next.order.id };
    }
    if (o.parentId !== undefined) {
      const parent = this.get(o.parentId);
      parent.legIds = parent.legIds.map((l) => (l === o.id ? next.order.id : l));
    }
    this.#unindex(old);
    this.#queued.delete(old);
    old.legIds = [];
    old.siblingId = undefined;
    this.#update(old, 'replaced', at);
    if (wasHeld) {
      this.#update(next, 'held', at);
    } else {
      this.#activate(next, at);
      if (changes.quantity !== undefined) this.#resizeHeldLegs(next, at);
    }
    return next;
  }

  // ---------------------------------------------------------------- internals: creation

  #create(req: OrderRequest, clientOrderId: string, at: number, role: OrderRole): SimOrder {
    const seq = ++this.seq.order;
    const id = `ord-${pad(seq)}`;
    const now = iso(at);
    const order = internalOrder({
      id, clientOrderId, symbol: req.symbol, side: req.side, type: req.type, timeInForce: req.timeInForce,
      orderClass: req.orderClass, status: 'pending_new', filledQuantity: 0, extendedHours: req.extendedHours,
      createdAt: now, updatedAt: now, submittedAt: now, quantity: req.quantity, notional: req.notional,
      limitPrice: req.limitPrice, stopPrice: req.stopPrice, trailPrice: req.trailPrice, trailPercent: req.trailPercent,
    });
    const o: SimOrder = {
      order, seq, role, legIds: NO_LEGS, filled: Decimal.ZERO, value: Decimal.ZERO, commission: Decimal.ZERO,
      triggered: false, gen: 0, slot: 'none',
    };
    this.orders.set(id, o);
    this.#byClientId.set(clientOrderId, o);
    this.#trackOpen(o);
    return o;
  }

  #leg(parent: SimOrder, req: OrderRequest, role: 'take_profit' | 'stop_loss', side: 'buy' | 'sell', at: number): SimOrder {
    const clientOrderId = this.#peekClientOrderId();
    this.seq.clientOrderId = this.#clientSeqOf(clientOrderId);
    const legReq: OrderRequest = {
      symbol: req.symbol, side, quantity: req.quantity as number, timeInForce: req.timeInForce, extendedHours: false,
      orderClass: req.orderClass, clientOrderId,
      ...(role === 'take_profit'
        ? { type: 'limit' as const, limitPrice: (req.takeProfit as { limitPrice: number }).limitPrice }
        : req.stopLoss?.limitPrice !== undefined
          ? { type: 'stop_limit' as const, stopPrice: req.stopLoss.stopPrice, limitPrice: req.stopLoss.limitPrice }
          : { type: 'stop' as const, stopPrice: (req.stopLoss as { stopPrice: number }).stopPrice }),
    };
    const leg = this.#create(legReq, clientOrderId, at, role);
    leg.order.parentId = parent.order.id;
    // A new order shares the empty list: give it its own before adding.
    if (parent.legIds === NO_LEGS) parent.legIds = [];
    parent.legIds.push(leg.order.id);
    return leg;
  }

  /** The request an order would be with `changes` applied (for replace). */
  #requestOf(old: SimOrder, changes: OrderReplace): OrderRequest {
    const o = old.order;
    const req: OrderRequest = {
      symbol: o.symbol, side: o.side, type: o.type, timeInForce: changes.timeInForce ?? o.timeInForce,
      // Checked as a simple order: the class rules were met when the group was placed.
      extendedHours: o.extendedHours, orderClass: 'simple', clientOrderId: o.clientOrderId,
      quantity: changes.quantity ?? remainingQuantity(old).toNumber(),
    };
    const limitPrice = changes.limitPrice ?? o.limitPrice;
    if (limitPrice !== undefined && (o.type === 'limit' || o.type === 'stop_limit')) req.limitPrice = limitPrice;
    const stopPrice = changes.stopPrice ?? o.stopPrice;
    if (stopPrice !== undefined && (o.type === 'stop' || o.type === 'stop_limit')) req.stopPrice = stopPrice;
    if (o.type === 'trailing_stop') {
      if (changes.trailPrice !== undefined) req.trailPrice = changes.trailPrice;
      else if (changes.trailPercent !== undefined) req.trailPercent = changes.trailPercent;
      else if (o.trailPrice !== undefined) req.trailPrice = o.trailPrice;
      else req.trailPercent = o.trailPercent as number;
    }
    return req;
  }

  #peekClientOrderId(): string {
    // Usually the next number is free; a caller may have taken one by hand.
    for (let n = this.seq.clientOrderId + 1; ; n++) {
      if (this.#byClientId.getGenerated(n) === undefined) return generatedClientId(n);
    }
  }

  #clientSeqOf(id: string): number {
    return Number(id.slice(4));
  }

  #assertClientIdFree(clientOrderId: string): void {
    const existing = this.#byClientId.get(clientOrderId);
    if (existing) {
      throw new InvalidOrderError(`Invalid order: clientOrderId: ${JSON.stringify(clientOrderId)} is already used by order ${existing.order.id}`, {
        field: 'clientOrderId', broker: 'sim', outcome: 'rejected',
      });
    }
  }

  // ---------------------------------------------------------------- internals: money checks

  /** The price an order is expected to trade at, for buying power (undefined when nothing is quoted). */
  #estimatePrice(req: OrderRequest, book: OrderBook): number | undefined {
    if (req.type === 'limit' || req.type === 'stop_limit') return req.limitPrice;
    const px = book.takePrice(req.side);
    if (req.type === 'stop') return px === undefined ? req.stopPrice : Math.max(px, req.stopPrice as number);
    if (px === undefined) return undefined;
    return numberOf(slippedPrice(px, req.side, this.config.slippageBps, this.config.priceRounding));
  }

  /** Shares of a long that no open sell order has claimed yet (an OCO pair claims once). */
  #sellable(symbol: string, exclude?: SimOrder): Decimal {
    const held = this.ledger.quantity(symbol);
    if (held.sign() <= 0) return Decimal.ZERO;
    let committed = Decimal.ZERO;
    let counted: Set<SimOrder> | undefined;
    const open = this.#open.get(symbol);
    if (open !== undefined && open.size > 0) for (const o of open) {
      if (o === exclude || counted?.has(o) || o.order.side !== 'sell' || o.order.status === 'held') continue;
      let rem = remainingQuantity(o);
      const sib = o.siblingId === undefined ? undefined : this.orders.get(o.siblingId);
      if (sib && sib !== exclude && isOpenStatus(sib.order.status) && sib.order.status !== 'held') {
        (counted ??= new Set<SimOrder>()).add(sib);
        const r2 = remainingQuantity(sib);
        if (r2.cmp(rem) > 0) rem = r2;
      }
      committed = plus(committed, rem);
    }
    const free = minus(held, committed);
    return free.sign() > 0 ? free : Decimal.ZERO;
  }

  /** Refuses a short sell where short selling is off, and an order buying power cannot cover. */
  #checkFunds(req: OrderRequest, replacing: SimOrder | undefined): void {
    const book = this.book(req.symbol);
    const price = this.#estimatePrice(req, book);
    const qty = req.quantity !== undefined ? decimalOf(req.quantity) : price !== undefined ? decimalOf(req.notional as number).div(decimalOf(price), QUANTITY_PLACES) : undefined;
    const position = this.ledger.quantity(req.symbol);
    let opening = Decimal.ZERO;
    if (req.side === 'sell') {
      const free = this.#sellable(req.symbol, replacing);
      if (qty && qty.cmp(free) > 0) {
        if (!this.config.shortSelling) {
          throw new NotSupportedError(
            `sim account ${this.config.accountId} does not allow short selling: selling ${qty} ${req.symbol} with ${free} available (${position.sign() > 0 ? position : 0} held, the rest in open sell orders)`,
            { broker: 'sim', capability: 'shortSelling' },
          );
        }
        // What other open sells have claimed counts as sold: the rest of this order opens a short.
        opening = qty.sub(free);
      }
    } else if (qty) {
      const short = position.sign() < 0 ? position.neg() : Decimal.ZERO;
      opening = qty.cmp(short) > 0 ? qty.sub(short) : Decimal.ZERO;
    }
    if (req.orderClass === 'oco' || price === undefined) return;
    let required = req.notional !== undefined && req.side === 'buy' && opening.sign() > 0 ? decimalOf(req.notional) : opening.mul(decimalOf(price));
    if (required.isZero()) return;
    if (qty) required = plus(required, orderCommission(this.config.commission, qty));
    const buyingPower = this.#buyingPower(replacing);
    if (required.cmp(buyingPower) > 0) {
      throw new InsufficientFundsError(
        `Insufficient buying power: the order needs ${money(required)} ${this.config.currency}, buying power is ${money(buyingPower)} ${this.config.currency}`,
        { broker: 'sim', outcome: 'rejected' },
      );
    }
  }

  /** Buying power held back by open entry orders: what they would add to the position, at their price. */
  #reserved(exclude?: SimOrder): Decimal {
    let total = Decimal.ZERO;
    for (const [symbol, set] of this.#open) {
      if (set.size === 0) continue;
      const position = this.ledger.quantity(symbol);
      const book = this.books.get(symbol);
      for (const o of set) {
        if (o === exclude || o.role !== 'entry' || o.order.status === 'held') continue;
        if (o.order.quantity === undefined) {
          if (o.order.side === 'buy') total = total.add(decimalOf(o.order.notional as number));
          continue;
        }
        const rem = remainingQuantity(o);
        const against = o.order.side === 'buy' ? position.neg() : position;
        const opening = against.sign() > 0 ? rem.sub(against) : rem;
        if (opening.sign() <= 0) continue;
        const price = o.order.limitPrice ?? o.order.stopPrice ?? (book ? book.takePrice(o.order.side) : undefined);
        if (price !== undefined) total = total.add(opening.mul(decimalOf(price)));
      }
    }
    return total;
  }

  // ---------------------------------------------------------------- internals: lifecycle

  /** The one place status changes: through `applyOrderUpdate`, recording an event. */
  #update(o: SimOrder, status: OrderStatus, at: number, extra?: { quantity?: number; averageFillPrice?: number }): void {
    const update: OrderUpdate = { kind: 'event', status, filledQuantity: numberOf(o.filled), timestamp: iso(at) };
    if (extra !== undefined) {
      if ('quantity' in extra) update.quantity = extra.quantity;
      if ('averageFillPrice' in extra) update.averageFillPrice = extra.averageFillPrice;
    }
    const r = applyOrderUpdate(o.order, update);
    if (r.kind !== 'applied') return;
    o.order = r.order;
    this.mutations++;
    if (!isOpenStatus(status)) this.#untrackOpen(o);
    if (this.recording) this.events.push({ type: 'order', order: this.publicOrder(o) });
  }

  #trackOpen(o: SimOrder): void {
    let set = this.#open.get(o.order.symbol);
    if (!set) this.#open.set(o.order.symbol, (set = new Set()));
    set.add(o);
  }

  #untrackOpen(o: SimOrder): void {
    this.#open.get(o.order.symbol)?.delete(o);
  }

  #canWork(o: SimOrder): boolean {
    const phase = this.tracker.phase;
    return phase === 'regular' || (phase === 'extended' && o.order.extendedHours);
  }

  /** When a day / opg / cls order ends. */
  #expiryFor(o: SimOrder, at: number): number | undefined {
    const tif = o.order.timeInForce;
    if (tif !== 'day' && tif !== 'opg' && tif !== 'cls') return undefined;
    const s = this.calendar.sessionAt(at);
    if (tif === 'day' && o.order.extendedHours) return s.extendedClose;
    const limit = tif === 'opg' ? s.open : s.close;
    return at < limit ? s.close : this.calendar.sessionAt(s.extendedClose).close;
  }

  /** Starts an order working: its status, its expiry, its place in the book, and a first try at the market. */
  #activate(o: SimOrder, at: number, quantity?: number): void {
    o.expiresAt = this.#expiryFor(o, at);
    const status: OrderStatus = o.order.timeInForce === 'opg' || !this.#canWork(o) ? 'accepted' : 'new';
    this.#update(o, status, at, quantity === undefined ? undefined : { quantity });
    if (!isOpenStatus(o.order.status)) return;
    if (status === 'accepted') this.#queued.add(o);
    this.#place(o, at, true);
    // Only an order still open can expire (the heap pops by expiry, then seq, whatever was pushed
    // when, so leaving out one that already ended changes nothing but the heap's size).
    if (o.expiresAt !== undefined && isOpenStatus(o.order.status)) this.#expiries.push(o.expiresAt, o.seq, o);
  }

  /** True while an order has something left to fill (a notional order before its first fill has). */
  #unfilled(o: SimOrder): boolean {
    return o.order.quantity === undefined || remainingQuantity(o).sign() > 0;
  }

  /**
   * Puts a working order where it belongs. `arriving`: it is new (or just triggered) and tries the
   * market once at the current quote; an IOC / FOK order that does not fill ends here.
   */
  #place(o: SimOrder, at: number, arriving: boolean): void {
    const book = this.book(o.order.symbol);
    const { type, timeInForce: tif, side } = o.order;
    if (tif === 'opg' && o.order.status === 'accepted') return this.#index(o, book, 'opening');
    if (tif === 'cls') return this.#index(o, book, 'closing');
    const immediate = tif === 'ioc' || tif === 'fok';
    if (type === 'market' || (o.triggered && (type === 'stop' || type === 'trailing_stop'))) {
      if (arriving && this.#canWork(o)) this.#takeMarket(o, book, at);
      if (isOpenStatus(o.order.status) && this.#unfilled(o)) {
        if (immediate) this.#end(o, 'canceled', at, false);
        else this.#index(o, book, 'market');
      }
      return;
    }
    if (type === 'limit' || (o.triggered && type === 'stop_limit')) {
      if (arriving && this.#canWork(o)) this.#takeLimit(o, book, at);
      if (isOpenStatus(o.order.status) && this.#unfilled(o)) {
        if (immediate) this.#end(o, 'canceled', at, false);
        else this.#index(o, book, 'limit');
      }
      return;
    }
    if (type === 'stop' || type === 'stop_limit') {
      if (arriving && this.tracker.phase === 'regular' && this.#stopReached(o, book)) {
        o.triggered = true;
        return this.#place(o, at, true);
      }
      return this.#index(o, book, 'stop');
    }
    // trailing stop
    if (o.waterMark !== undefined) return this.#index(o, book, 'trailing', o.waterMark);
    // While trailing stops rest, every regular-hours tick moves the reference they share, and a new
    // one starts from it; with none resting, it starts from the price now.
    const resting = (side === 'sell' ? book.trailSell : book.trailBuy).size > 0;
    const anchor = (resting ? (side === 'sell' ? book.trailRefSell : book.trailRefBuy) : undefined) ?? book.triggerPrice(side);
    if (anchor === undefined) return this.#index(o, book, 'unanchored');
    this.#index(o, book, 'trailing', anchor);
  }

  #stopReached(o: SimOrder, book: OrderBook): boolean {
    const ref = book.triggerPrice(o.order.side);
    if (ref === undefined) return false;
    const stop = o.order.stopPrice as number;
    return o.order.side === 'buy' ? ref >= stop : ref <= stop;
  }

  #index(o: SimOrder, book: OrderBook, slot: OrderSlot, mark?: number): void {
    o.gen += 1;
    o.slot = slot;
    book.live += 1;
    const buy = o.order.side === 'buy';
    switch (slot) {
      case 'limit': {
        const heap = o.order.extendedHours ? (buy ? book.buyLimitsExt : book.sellLimitsExt) : buy ? book.buyLimits : book.sellLimits;
        const limit = o.order.limitPrice as number;
        heap.push(buy ? -limit : limit, o.seq, o, o.gen);
        break;
      }
      case 'stop': {
        const stop = o.order.stopPrice as number;
        (buy ? book.buyStops : book.sellStops).push(buy ? stop : -stop, o.seq, o, o.gen);
        break;
      }
      case 'trailing':
        (buy ? book.trailBuy : book.trailSell).add(o, mark as number);
        o.waterMark = undefined;
        break;
      case 'unanchored':
        book.unanchored.push(o);
        break;
      case 'market':
        book.markets.push(o);
        break;
      case 'opening':
        book.opening.push(o);
        break;
      case 'closing':
        book.closing.push(o);
        break;
      default:
        book.live -= 1;
    }
  }

  /** Takes an order out of its book's index (heap entries go stale; lists drop it). */
  #unindex(o: SimOrder): void {
    const slot = o.slot;
    if (slot === 'none' || slot === 'held') return;
    const book = this.book(o.order.symbol);
    const drop = (list: SimOrder[]): void => {
      const i = list.indexOf(o);
      if (i >= 0) list.splice(i, 1);
    };
    switch (slot) {
      case 'limit':
      case 'stop':
        book.stale += 1;
        break;
      case 'trailing': {
        const side = o.order.side === 'buy' ? book.trailBuy : book.trailSell;
        o.waterMark = side.markOf(o);
        side.remove(o);
        break;
      }
      case 'unanchored':
        drop(book.unanchored);
        break;
      case 'market':
        drop(book.markets);
        break;
      case 'opening':
        drop(book.opening);
        break;
      case 'closing':
        drop(book.closing);
        break;
    }
    o.gen += 1;
    o.slot = 'none';
    book.live -= 1;
  }

  /** Ends an open order (canceled / expired) and settles its legs. `cascade`: also end its working legs. */
  #end(o: SimOrder, status: 'canceled' | 'expired', at: number, cascade: boolean): void {
    if (!isOpenStatus(o.order.status)) return;
    this.#unindex(o);
    this.#queued.delete(o);
    this.#update(o, status, at);
    for (const legId of o.legIds) {
      const leg = this.orders.get(legId);
      if (!leg || !isOpenStatus(leg.order.status)) continue;
      if (leg.order.status === 'held') {
        // An entry that filled in part leaves a position: its exits protect what filled.
        if (o.filled.sign() > 0) this.#activate(leg, at, o.filled.toNumber());
        else this.#end(leg, 'canceled', at, false);
      } else if (cascade) {
        this.#end(leg, 'canceled', at, false);
      }
    }
  }

  /** Held legs follow a replaced entry's new quantity. */
  #resizeHeldLegs(entry: SimOrder, at: number): void {
    for (const legId of entry.legIds) {
      const leg = this.get(legId);
      if (leg.order.status === 'held' && entry.order.quantity !== undefined && leg.order.quantity !== entry.order.quantity) {
        this.#update(leg, 'held', at, { quantity: entry.order.quantity });
      }
    }
  }

  // ---------------------------------------------------------------- internals: execution

  /** Fills a market order (or a fired stop) at the current quote, as far as liquidity allows. */
  #takeMarket(o: SimOrder, book: OrderBook, at: number): void {
    const side = o.order.side;
    const px = book.takePrice(side);
    if (px === undefined) return;
    const price = slippedPrice(px, side, this.config.slippageBps, this.config.priceRounding);
    if (o.order.quantity === undefined) {
      const qty = floorDecimal(Decimal.from(o.order.notional as number).div(price, QUANTITY_PLACES + 3), this.config.fractional ? QUANTITY_PLACES : 0);
      if (qty.sign() <= 0) {
        this.#end(o, 'canceled', at, false);
        return;
      }
      this.#update(o, o.order.status, at, { quantity: numberOf(qty) });
    }
    this.#execute(o, book, price, at);
  }

  /** An arriving limit order (or a triggered stop-limit) takes the quote where it is marketable. */
  #takeLimit(o: SimOrder, book: OrderBook, at: number): void {
    const side = o.order.side;
    const px = book.takePrice(side);
    const limit = o.order.limitPrice as number;
    if (px === undefined || (side === 'buy' ? px > limit : px < limit)) return;
    let price = slippedPrice(px, side, this.config.slippageBps, this.config.priceRounding);
    const exact = decimalOf(limit);
    if (side === 'buy' ? price.cmp(exact) > 0 : price.cmp(exact) < 0) price = exact;
    this.#execute(o, book, price, at);
  }

  /** Fills what liquidity allows of an order at `price`; FOK fills all or nothing. */
  #execute(o: SimOrder, book: OrderBook, price: Decimal, at: number): void {
    let qty = remainingQuantity(o);
    if (this.config.liquidity) {
      const avail = book.available(o.order.side);
      if (avail !== Infinity) {
        const cap = floorDecimal(decimalOf(avail), this.config.fractional ? QUANTITY_PLACES : 0);
        if (cap.cmp(qty) < 0) {
          if (o.order.timeInForce === 'fok') return;
          qty = cap;
        }
      }
    }
    if (qty.sign() <= 0) return;
    this.#fill(o, book, qty, price, at);
  }

  /** Books one execution: ledger, order, fill record, events, and what it means for the order's group. */
  #fill(o: SimOrder, book: OrderBook, qty: Decimal, price: Decimal, at: number): void {
    const side = o.order.side;
    const commission = fillCommission(this.config.commission, o.filled, qty);
    const realized = this.ledger.apply(o.order.symbol, side, qty, price, commission);
    const first = o.filled.units === 0n && o.value.units === 0n;
    o.filled = plus(o.filled, qty);
    o.value = plus(o.value, qty.mul(price));
    o.commission = plus(o.commission, commission);
    if (this.config.liquidity) book.consume(side, numberOf(qty));
    const pending = new PendingFill(++this.seq.fill, o.order.id, o.order.clientOrderId, o.order.symbol, side, qty, price, commission, realized, at);
    this.ledgerChanged = true;
    this.mutations++;
    if (this.recording) {
      // Someone listens: the record is needed now.
      const fill = pending.toFill();
      this.#fills.push(fill);
      this.events.push({ type: 'fill', fill });
    } else {
      this.#fills.push(pending);
    }
    const done = remainingQuantity(o).sign() <= 0;
    if (done) this.#unindex(o);
    // After a first fill the average is the price itself (value / filled = price exactly; the
    // 10-place rounding keeps it whenever the price has at most 10 places).
    const average = first && price.scale <= 10 ? numberOf(price) : numberOf(o.value.div(o.filled, 10));
    this.#update(o, done ? 'filled' : 'partially_filled', at, { averageFillPrice: average });
    this.#queued.delete(o);

    // OCO: what one exit filled, the other no longer needs to cover.
    const sib = o.siblingId === undefined ? undefined : this.orders.get(o.siblingId);
    if (sib && isOpenStatus(sib.order.status) && sib.order.status !== 'held') {
      const rem = remainingQuantity(o);
      if (rem.sign() <= 0) {
        this.#end(sib, 'canceled', at, false);
      } else {
        const target = sib.filled.add(rem);
        const current = orderQuantity(sib);
        if (!current || !target.eq(current)) this.#update(sib, sib.order.status, at, { quantity: target.toNumber() });
      }
    }
    // A filled entry starts its exits.
    if (done && o.role === 'entry') {
      for (const legId of o.legIds) {
        const leg = this.get(legId);
        if (leg.order.status === 'held') {
          this.#activate(leg, at, leg.order.quantity === o.filled.toNumber() ? undefined : o.filled.toNumber());
        }
      }
    }
  }

  /** Everything a quote can set off in one book. */
  #match(book: OrderBook, at: number): void {
    const phase = this.tracker.phase;
    if (phase === 'regular') {
      if (book.buyStops.size > 0 || book.sellStops.size > 0) this.#triggerStops(book, at);
      this.#trail(book, at);
      if (book.opening.length > 0) this.#runOpening(book, at);
      if (book.markets.length > 0) this.#runMarkets(book, at);
      this.#runLimits(book, at, 'buy', true);
      this.#runLimits(book, at, 'sell', true);
    } else if (phase === 'extended') {
      this.#runLimits(book, at, 'buy', false);
      this.#runLimits(book, at, 'sell', false);
    }
    book.compact();
  }

  #triggerStops(book: OrderBook, at: number): void {
    const up = book.triggerPrice('buy');
    if (up !== undefined) {
      for (let e = book.top(book.buyStops); e && up >= e.key; e = book.top(book.buyStops)) {
        book.buyStops.pop();
        this.#fire(e.value, book, at);
      }
    }
    const down = book.triggerPrice('sell');
    if (down !== undefined) {
      for (let e = book.top(book.sellStops); e && down <= -e.key; e = book.top(book.sellStops)) {
        book.sellStops.pop();
        this.#fire(e.value, book, at);
      }
    }
  }

  /** A stop or trailing stop reached its trigger: it becomes a market (or limit) order now. */
  #fire(o: SimOrder, book: OrderBook, at: number): void {
    o.gen += 1;
    o.slot = 'none';
    book.live -= 1;
    o.triggered = true;
    this.mutations++;
    this.#place(o, at, true);
  }

  #trail(book: OrderBook, at: number): void {
    const down = book.triggerPrice('sell');
    const up = book.triggerPrice('buy');
    if (book.unanchored.length > 0) {
      for (const o of [...book.unanchored]) {
        const anchor = o.order.side === 'sell' ? down : up;
        if (anchor === undefined) continue;
        book.unanchored.splice(book.unanchored.indexOf(o), 1);
        book.live -= 1;
        this.#index(o, book, 'trailing', anchor);
      }
    }
    if (down !== undefined) {
      book.trailRefSell = down;
      if (book.trailSell.size > 0) {
        for (const o of book.trailSell.update(down)) this.#fire(o, book, at);
      }
    }
    if (up !== undefined) {
      book.trailRefBuy = up;
      if (book.trailBuy.size > 0) {
        for (const o of book.trailBuy.update(up)) this.#fire(o, book, at);
      }
    }
  }

  #runOpening(book: OrderBook, at: number): void {
    if (!book.hasQuote) return;
    const close = this.tracker.session.close;
    for (const o of [...book.opening]) {
      // Placed during today's session: it waits for the next open.
      if (o.expiresAt !== close) continue;
      this.#unindex(o);
      this.#queued.delete(o);
      this.#update(o, 'new', at);
      if (o.order.type === 'market') this.#takeMarket(o, book, at);
      else this.#takeLimit(o, book, at);
      // An at-the-open order gets the open or nothing.
      if (isOpenStatus(o.order.status)) this.#end(o, 'expired', at, false);
    }
  }

  #runClosing(book: OrderBook, at: number): void {
    for (const o of [...book.closing]) {
      if (o.expiresAt !== at) continue;
      this.#unindex(o);
      if (book.hasQuote && isOpenStatus(o.order.status) && o.order.status !== 'accepted') {
        if (o.order.type === 'market') this.#takeMarket(o, book, at);
        else this.#takeLimit(o, book, at);
      }
      if (isOpenStatus(o.order.status)) this.#end(o, 'expired', at, false);
    }
  }

  #runMarkets(book: OrderBook, at: number): void {
    for (const o of [...book.markets]) {
      if (o.slot !== 'market' || !this.#canWork(o)) continue;
      if (this.config.liquidity && book.available(o.order.side) <= 0) continue;
      this.#takeMarket(o, book, at);
    }
  }

  /** Resting limits that the quote reached fill at their limit price, best price first, then oldest. */
  #runLimits(book: OrderBook, at: number, side: 'buy' | 'sell', regular: boolean): void {
    const main = side === 'buy' ? book.buyLimits : book.sellLimits;
    const ext = side === 'buy' ? book.buyLimitsExt : book.sellLimitsExt;
    if ((!regular || main.size === 0) && ext.size === 0) return;
    for (;;) {
      const px = book.takePrice(side);
      if (px === undefined) return;
      const a = regular ? book.top(main) : undefined;
      const b = book.top(ext);
      const e = a && b ? (a.key < b.key || (a.key === b.key && a.seq < b.seq) ? a : b) : (a ?? b);
      if (!e) return;
      const limit = side === 'buy' ? -e.key : e.key;
      if (side === 'buy' ? px > limit : px < limit) return;
      if (this.config.liquidity && book.available(side) <= 0) return;
      const o = e.value;
      (e === a ? main : ext).pop();
      o.gen += 1;
      o.slot = 'none';
      book.live -= 1;
      this.#execute(o, book, decimalOf(limit), at);
      if (isOpenStatus(o.order.status) && o.slot === 'none' && remainingQuantity(o).sign() > 0) {
        this.#index(o, book, 'limit');
        // Still open after a fill attempt: the quote's liquidity is used up.
        return;
      }
    }
  }

  // ---------------------------------------------------------------- internals: sessions

  #boundary(boundary: SessionBoundary, at: number, session: TradingSession): void {
    this.time = at;
    switch (boundary) {
      case 'extendedOpen':
        if (session.date !== this.startOfDay.date) {
          this.startOfDay = { date: session.date, equity: this.totals().equity };
          this.mutations++;
        }
        for (const o of [...this.#queued]) {
          if (o.order.extendedHours) {
            this.#queued.delete(o);
            this.#update(o, 'new', at);
          }
        }
        this.#matchAll(at);
        break;
      case 'open':
        for (const o of [...this.#queued]) {
          if (o.order.timeInForce === 'opg') continue;
          this.#queued.delete(o);
          this.#update(o, 'new', at);
        }
        this.#matchAll(at);
        break;
      case 'close':
        for (const book of this.books.values()) if (book.closing.length > 0) this.#runClosing(book, at);
        this.#expire(at);
        break;
      case 'extendedClose':
        this.#expire(at);
        break;
    }
  }

  #matchAll(at: number): void {
    for (const book of this.books.values()) if (book.live > 0 && book.hasQuote) this.#match(book, at);
  }

  #expire(at: number): void {
    for (let e = this.#expiries.peek(); e && e.key <= at; e = this.#expiries.peek()) {
      this.#expiries.pop();
      const o = e.value;
      if (isOpenStatus(o.order.status) && o.expiresAt === e.key) this.#end(o, 'expired', at, false);
    }
  }

  // ---------------------------------------------------------------- restore

  /**
   * Puts a restored order back: status and index as they were, without events or execution
   * (`restore` in the state module calls it in `seq` order).
   */
  restoreOrder(o: SimOrder): void {
    this.orders.set(o.order.id, o);
    this.#byClientId.set(o.order.clientOrderId, o);
    if (!isOpenStatus(o.order.status)) return;
    this.#trackOpen(o);
    if (o.order.status === 'held') {
      o.slot = 'held';
      return;
    }
    if (o.order.status === 'accepted') this.#queued.add(o);
    if (o.expiresAt !== undefined) this.#expiries.push(o.expiresAt, o.seq, o);
    this.#place(o, this.time, false);
  }
}

/**
 * A fill as booked, before its public record is built: the record (`toFill`) is the same whenever
 * it is built, so a backtest that never asks for it does not pay for it at every execution.
 */
class PendingFill {
  readonly seq: number;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Order['side'];
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly commission: Decimal;
  readonly realized: Decimal;
  readonly at: number;

  constructor(seq: number, orderId: string, clientOrderId: string, symbol: string, side: Order['side'], quantity: Decimal, price: Decimal, commission: Decimal, realized: Decimal, at: number) {
    this.seq = seq;
    this.orderId = orderId;
    this.clientOrderId = clientOrderId;
    this.symbol = symbol;
    this.side = side;
    this.quantity = quantity;
    this.price = price;
    this.commission = commission;
    this.realized = realized;
    this.at = at;
  }

  toFill(): Fill {
    const { quantity: qty, price, commission } = this;
    return {
      fillId: `fill-${pad(this.seq)}`, orderId: this.orderId, clientOrderId: this.clientOrderId, symbol: this.symbol,
      side: this.side, quantity: numberOf(qty), price: numberOf(price), commission: numberOf(commission), timestamp: iso(this.at),
      raw: { quantity: exactText(qty), price: exactText(price), commission: exactText(commission), realizedPnl: exactText(this.realized) },
    };
  }
}

function money(d: Decimal): string {
  return d.round(2, 'halfUp').toNumber().toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * An order as the engine holds it: every field of `Order` present, in one fixed order, absent
 * ones as undefined. All internal orders then share one hidden class, so the engine's code that
 * reads them stays monomorphic (with orders of mixed types it went megamorphic: market orders end
 * to end ran 20% slower after a replay with resting limit, stop and trailing orders).
 * `publicOrder` gives callers the usual shape, without the undefined fields.
 */
export function internalOrder(o: Order): Order {
  return {
    id: o.id, clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, timeInForce: o.timeInForce,
    orderClass: o.orderClass, status: o.status, quantity: o.quantity, notional: o.notional, filledQuantity: o.filledQuantity,
    averageFillPrice: o.averageFillPrice, limitPrice: o.limitPrice, stopPrice: o.stopPrice, trailPrice: o.trailPrice,
    trailPercent: o.trailPercent, extendedHours: o.extendedHours, createdAt: o.createdAt, updatedAt: o.updatedAt,
    submittedAt: o.submittedAt, filledAt: o.filledAt, canceledAt: o.canceledAt, parentId: o.parentId, replaces: o.replaces,
  };
}

/** The fields of an internal order a caller sees: the required ones, and the optional ones that are set. */
function publicFields(o: Order): Order {
  const out: Order = {
    id: o.id, clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, timeInForce: o.timeInForce,
    orderClass: o.orderClass, status: o.status, filledQuantity: o.filledQuantity, extendedHours: o.extendedHours,
    createdAt: o.createdAt, updatedAt: o.updatedAt,
  };
  if (o.quantity !== undefined) out.quantity = o.quantity;
  if (o.notional !== undefined) out.notional = o.notional;
  if (o.averageFillPrice !== undefined) out.averageFillPrice = o.averageFillPrice;
  if (o.limitPrice !== undefined) out.limitPrice = o.limitPrice;
  if (o.stopPrice !== undefined) out.stopPrice = o.stopPrice;
  if (o.trailPrice !== undefined) out.trailPrice = o.trailPrice;
  if (o.trailPercent !== undefined) out.trailPercent = o.trailPercent;
  if (o.submittedAt !== undefined) out.submittedAt = o.submittedAt;
  if (o.filledAt !== undefined) out.filledAt = o.filledAt;
  if (o.canceledAt !== undefined) out.canceledAt = o.canceledAt;
  if (o.parentId !== undefined) out.parentId = o.parentId;
  if (o.replaces !== undefined) out.replaces = o.replaces;
  return out;
}
