// A stateful fake of Alpaca's paper account for tests: orders (every type and class the contract
// allows), fills at a settable quote, positions, cash and the trade_updates events they produce.
// It speaks only in Alpaca's wire shapes (decimal strings, snake_case); network.ts puts it behind
// msw and checks every request and answer against the contract.
import { randomUUID } from 'node:crypto';
import { Decimal, systemClock, type Clock } from '@invest/broker-core';

export type Status =
  | 'new' | 'partially_filled' | 'filled' | 'done_for_day' | 'canceled' | 'expired' | 'replaced' | 'pending_cancel'
  | 'pending_replace' | 'accepted' | 'pending_new' | 'accepted_for_bidding' | 'stopped' | 'rejected' | 'suspended' | 'calculated' | 'held';

type Side = 'buy' | 'sell';
type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
type OrderClass = 'simple' | 'bracket' | 'oco' | 'oto';

export interface FakeOrder {
  id: string;
  clientOrderId: string;
  assetId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: string;
  orderClass: OrderClass;
  qty?: Decimal;
  notional?: Decimal;
  filledQty: Decimal;
  filledCost: Decimal;
  limit?: Decimal;
  stop?: Decimal;
  trailPrice?: Decimal;
  trailPercent?: Decimal;
  hwm?: Decimal;
  triggered: boolean;
  extendedHours: boolean;
  status: Status;
  createdAt: string;
  updatedAt: string;
  submittedAt: string;
  filledAt?: string;
  canceledAt?: string;
  expiredAt?: string;
  replacedAt?: string;
  replacedBy?: string;
  replaces?: string;
  parentId?: string;
  legIds: string[];
}

interface Holding {
  qty: Decimal;
  avg: Decimal;
  assetId: string;
}

export interface QuoteState {
  bid: number;
  ask: number;
  last: number;
}

/** An answer of the fake: status and Alpaca-shaped body. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

export interface StreamEvent {
  event: string;
  order: unknown;
  [extra: string]: unknown;
}

const TERMINAL: ReadonlySet<Status> = new Set<Status>(['filled', 'canceled', 'expired', 'replaced', 'rejected']);
const D = (v: number | string): Decimal => Decimal.from(v);
const str = (d: Decimal | undefined): string | null => (d === undefined ? null : d.toString());
const error = (status: number, code: number, message: string): FakeAnswer => ({ status, body: { code, message } });

export interface FakeAlpacaOptions {
  clock?: Clock;
  cash?: number;
  /** Market orders fill at once (default); false leaves them working until `execute`. */
  autoFill?: boolean;
}

/**
 * The account's state and rules. Mutations return Alpaca answers; every state change of an order
 * is published to `onEvent` as a trade update, as the real stream would.
 */
export class FakeAlpaca {
  readonly accountId = randomUUID();
  readonly accountNumber = `PA${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
  readonly orders = new Map<string, FakeOrder>();
  readonly positions = new Map<string, Holding>();
  readonly quotes = new Map<string, QuoteState>();
  readonly clock: Clock;
  autoFill: boolean;
  cash: Decimal;
  lastEquity: Decimal;
  /** Client order ids `GET /v2/orders:by_client_order_id` does not find (a lookup that lags). */
  readonly hiddenClientIds = new Set<string>();
  /** Client order id -> how many more lookups answer 404 before the order is found (a lagging index). */
  readonly lookupLag = new Map<string, number>();
  /** Called with every trade update (network.ts sends them to listening stream clients). */
  onEvent: (event: StreamEvent) => void = () => {};
  #lastStamp = 0;
  #seq = 0;
  readonly #assets = new Map<string, string>();

  constructor(options: FakeAlpacaOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.cash = D(options.cash ?? 100_000);
    this.lastEquity = this.cash;
    this.autoFill = options.autoFill ?? true;
  }

  /** A strictly increasing timestamp, written with nanoseconds as Alpaca does. */
  stamp(): string {
    const now = Math.max(this.clock.now(), this.#lastStamp + 1);
    this.#lastStamp = now;
    this.#seq = (this.#seq + 1) % 1_000_000;
    return `${new Date(now).toISOString().slice(0, 23)}${String(this.#seq).padStart(6, '0')}Z`;
  }

  quote(symbol: string): QuoteState {
    return this.quotes.get(symbol) ?? { bid: 99.99, ask: 100.01, last: 100 };
  }

  /** Moves the market; working orders react before this returns. */
  setQuote(symbol: string, update: Partial<QuoteState>): void {
    const q = { ...this.quote(symbol), ...update };
    this.quotes.set(symbol, q);
    this.#matchAll(symbol);
  }

  byClientId(clientOrderId: string): FakeOrder | undefined {
    for (const o of this.orders.values()) if (o.clientOrderId === clientOrderId) return o;
    return undefined;
  }

  /** Orders carrying this client order id (the fault tests count them). */
  countByClientId(clientOrderId: string): number {
    return [...this.orders.values()].filter((o) => o.clientOrderId === clientOrderId).length;
  }

  #assetId(symbol: string): string {
    let id = this.#assets.get(symbol);
    if (!id) {
      id = randomUUID();
      this.#assets.set(symbol, id);
    }
    return id;
  }

  // ---- REST operations --------------------------------------------------------------------------

  account(): FakeAnswer {
    let longValue = D(0);
    let shortValue = D(0);
    for (const [symbol, h] of this.positions) {
      const value = h.qty.mul(D(this.quote(symbol).last));
      if (h.qty.sign() > 0) longValue = longValue.add(value);
      else shortValue = shortValue.add(value);
    }
    const equity = this.cash.add(longValue).add(shortValue);
    const buyingPower = this.#buyingPower();
    return {
      status: 200,
      body: {
        id: this.accountId, account_number: this.accountNumber, status: 'ACTIVE', crypto_status: 'ACTIVE', currency: 'USD',
        buying_power: buyingPower.toString(), regt_buying_power: buyingPower.toString(), daytrading_buying_power: '0',
        non_marginable_buying_power: this.cash.toString(), cash: this.cash.toString(), accrued_fees: '0', portfolio_value: equity.toString(),
        pattern_day_trader: false, trading_blocked: false, transfers_blocked: false, account_blocked: false,
        created_at: '2025-06-02T13:00:00.000000Z', trade_suspended_by_user: false, multiplier: '1', shorting_enabled: true,
        equity: equity.toString(), last_equity: this.lastEquity.toString(), long_market_value: longValue.toString(),
        short_market_value: shortValue.toString(), initial_margin: '0', maintenance_margin: '0', last_maintenance_margin: '0',
        sma: '0', daytrade_count: 0, options_approved_level: 0, options_trading_level: 0, options_buying_power: '0',
      },
    };
  }

  #buyingPower(): Decimal {
    let reserved = D(0);
    for (const o of this.orders.values()) {
      if (TERMINAL.has(o.status) || o.side !== 'buy' || o.parentId) continue;
      const price = o.limit ?? D(this.quote(o.symbol).ask);
      const open = o.qty ? o.qty.sub(o.filledQty).mul(price) : (o.notional ?? D(0)).sub(o.filledCost);
      reserved = reserved.add(open);
    }
    return this.cash.sub(reserved);
  }

  positionList(): FakeAnswer {
    return { status: 200, body: [...this.positions.keys()].sort().map((s) => this.#positionJson(s)) };
  }

  position(symbol: string): FakeAnswer {
    const key = symbol.toUpperCase();
    if (!this.positions.has(key)) return error(404, 40410000, 'position does not exist');
    return { status: 200, body: this.#positionJson(key) };
  }

  #positionJson(symbol: string): unknown {
    const h = this.positions.get(symbol)!;
    const price = D(this.quote(symbol).last);
    const marketValue = h.qty.mul(price);
    const costBasis = h.qty.mul(h.avg);
    const pl = marketValue.sub(costBasis);
    const plpc = costBasis.isZero() ? D(0) : pl.div(costBasis.abs(), 6);
    return {
      asset_id: h.assetId, symbol, exchange: 'NASDAQ', asset_class: 'us_equity', asset_marginable: true,
      qty: h.qty.toString(), qty_available: h.qty.toString(), avg_entry_price: h.avg.toString(), side: h.qty.sign() > 0 ? 'long' : 'short',
      market_value: marketValue.toString(), cost_basis: costBasis.toString(), unrealized_pl: pl.toString(), unrealized_plpc: plpc.toString(),
      unrealized_intraday_pl: pl.toString(), unrealized_intraday_plpc: plpc.toString(), current_price: price.toString(),
      lastday_price: price.toString(), change_today: '0',
    };
  }

  /** `POST /v2/orders`. The order's own processing (acceptance, fills) runs after the answer. */
  submit(body: Record<string, unknown>): FakeAnswer {
    const refused = this.#refusal(body);
    if (refused) return refused;
    const order = this.#create(body);
    this.#schedule(order.id);
    return { status: 200, body: this.json(order, true) };
  }

  #refusal(body: Record<string, unknown>): FakeAnswer | undefined {
    const clientOrderId = typeof body.client_order_id === 'string' ? body.client_order_id : undefined;
    if (clientOrderId !== undefined && this.byClientId(clientOrderId)) return error(422, 40010001, 'client_order_id must be unique');
    if (body.qty === undefined && body.notional === undefined) return error(422, 40010001, 'qty or notional is required');
    for (const field of ['limit_price', 'stop_price']) {
      const v = body[field];
      if (typeof v === 'string' && Number(v) >= 1 && (v.split('.')[1]?.length ?? 0) > 2) {
        return error(422, 40010001, `invalid ${field} ${v}. sub-penny increment does not fulfill minimum pricing criteria`);
      }
    }
    if (body.side === 'buy') {
      const symbol = String(body.symbol).toUpperCase();
      const price = typeof body.limit_price === 'string' ? D(body.limit_price) : D(this.quote(symbol).ask);
      const cost = typeof body.notional === 'string' ? D(body.notional) : D(String(body.qty)).mul(price);
      if (cost.cmp(this.#buyingPower()) > 0) return { status: 403, body: { code: 40310000, message: 'insufficient buying power', buying_power: this.#buyingPower().toString() } };
    }
    return undefined;
  }

  #create(body: Record<string, unknown>): FakeOrder {
    const now = this.stamp();
    const symbol = String(body.symbol).toUpperCase();
    const orderClass = (body.order_class as OrderClass | undefined) ?? 'simple';
    const side = body.side as Side;
    const tif = String(body.time_in_force);
    const base = (fields: Partial<FakeOrder>): FakeOrder => ({
      id: randomUUID(), clientOrderId: randomUUID(), assetId: this.#assetId(symbol), symbol, side, type: 'market', timeInForce: tif,
      orderClass, filledQty: D(0), filledCost: D(0), triggered: false, extendedHours: false, status: 'pending_new',
      createdAt: now, updatedAt: now, submittedAt: now, legIds: [], ...fields,
    });
    const qty = typeof body.qty === 'string' ? D(body.qty) : undefined;
    const tp = body.take_profit as { limit_price: string } | undefined;
    const sl = body.stop_loss as { stop_price: string; limit_price?: string } | undefined;
    let parent: FakeOrder;
    const legs: FakeOrder[] = [];
    const exitSide: Side = side === 'buy' ? 'sell' : 'buy';
    if (orderClass === 'oco') {
      // The OCO is its take-profit limit; the stop-loss hangs from it. Both work at once.
      parent = base({ type: 'limit', qty, limit: D(tp!.limit_price) });
      legs.push(base({ type: sl!.limit_price ? 'stop_limit' : 'stop', qty, stop: D(sl!.stop_price), ...(sl!.limit_price ? { limit: D(sl!.limit_price) } : {}), parentId: parent.id }));
    } else {
      parent = base({
        type: body.type as OrderType,
        ...(qty ? { qty } : {}),
        ...(typeof body.notional === 'string' ? { notional: D(body.notional) } : {}),
        ...(typeof body.limit_price === 'string' ? { limit: D(body.limit_price) } : {}),
        ...(typeof body.stop_price === 'string' ? { stop: D(body.stop_price) } : {}),
        ...(typeof body.trail_price === 'string' ? { trailPrice: D(body.trail_price) } : {}),
        ...(typeof body.trail_percent === 'string' ? { trailPercent: D(body.trail_percent) } : {}),
        extendedHours: body.extended_hours === true,
      });
      if (tp) legs.push(base({ side: exitSide, type: 'limit', qty, limit: D(tp.limit_price), status: 'held', parentId: parent.id }));
      if (sl) {
        legs.push(base({ side: exitSide, type: sl.limit_price ? 'stop_limit' : 'stop', qty, stop: D(sl.stop_price), ...(sl.limit_price ? { limit: D(sl.limit_price) } : {}), status: 'held', parentId: parent.id }));
      }
    }
    if (typeof body.client_order_id === 'string') parent.clientOrderId = body.client_order_id;
    if (parent.type === 'trailing_stop') parent.hwm = D(this.quote(symbol).last);
    parent.legIds = legs.map((l) => l.id);
    this.orders.set(parent.id, parent);
    for (const leg of legs) this.orders.set(leg.id, leg);
    return parent;
  }

  /** Acceptance and matching run after the HTTP answer, as at Alpaca. */
  #schedule(id: string): void {
    setTimeout(() => {
      const order = this.orders.get(id);
      if (!order || order.status !== 'pending_new') return;
      this.#set(order, 'new', 'new');
      for (const legId of order.legIds) {
        const leg = this.orders.get(legId)!;
        if (leg.status === 'pending_new') this.#set(leg, 'new', 'new');
      }
      this.#matchAll(order.symbol);
    }, 0);
  }

  /** `PATCH /v2/orders/{id}`. */
  replace(id: string, body: Record<string, unknown>): FakeAnswer {
    const old = this.orders.get(id);
    if (!old) return error(404, 40410000, 'order not found');
    if (TERMINAL.has(old.status) || old.status === 'pending_new') return error(422, 42210000, `order is not replaceable (status ${old.status})`);
    const clientOrderId = typeof body.client_order_id === 'string' ? body.client_order_id : randomUUID();
    if (this.byClientId(clientOrderId)) return error(422, 40010001, 'client_order_id must be unique');
    const now = this.stamp();
    const next: FakeOrder = {
      ...old, id: randomUUID(), clientOrderId, createdAt: now, updatedAt: now, submittedAt: now, status: 'new', replaces: old.id, legIds: [],
      filledQty: D(0), filledCost: D(0),
    };
    if (typeof body.qty === 'string') next.qty = D(body.qty);
    if (typeof body.limit_price === 'string') next.limit = D(body.limit_price);
    if (typeof body.stop_price === 'string') next.stop = D(body.stop_price);
    if (typeof body.time_in_force === 'string') next.timeInForce = body.time_in_force;
    if (typeof body.trail === 'string') {
      if (old.trailPrice) next.trailPrice = D(body.trail);
      else next.trailPercent = D(body.trail);
    }
    this.orders.set(next.id, next);
    old.replacedBy = next.id;
    old.replacedAt = now;
    this.#set(old, 'replaced', 'replaced');
    this.#publish('new', next);
    setTimeout(() => this.#matchAll(next.symbol), 0);
    return { status: 200, body: this.json(next, true) };
  }

  /** `DELETE /v2/orders/{id}`: cancels at once (and the legs of a parent). */
  cancel(id: string): FakeAnswer {
    const order = this.orders.get(id);
    if (!order) return error(404, 40410000, 'order not found');
    if (TERMINAL.has(order.status)) return error(422, 42210000, `order is not cancelable (status ${order.status})`);
    this.#cancel(order);
    for (const legId of order.legIds) {
      const leg = this.orders.get(legId)!;
      if (!TERMINAL.has(leg.status)) this.#cancel(leg);
    }
    return { status: 204 };
  }

  #cancel(order: FakeOrder): void {
    order.canceledAt = this.stamp();
    this.#set(order, 'canceled', 'canceled');
  }

  get(id: string, nested: boolean): FakeAnswer {
    const order = this.orders.get(id);
    return order ? { status: 200, body: this.json(order, nested) } : error(404, 40410000, 'order not found');
  }

  getByClientId(clientOrderId: string): FakeAnswer {
    const lag = this.lookupLag.get(clientOrderId) ?? 0;
    if (lag > 0) this.lookupLag.set(clientOrderId, lag - 1);
    const order = this.hiddenClientIds.has(clientOrderId) || lag > 0 ? undefined : this.byClientId(clientOrderId);
    return order ? { status: 200, body: this.json(order, true) } : error(404, 40410000, 'order not found');
  }

  list(query: Record<string, string>): FakeAnswer {
    const status = query.status ?? 'open';
    const nested = query.nested === 'true';
    const symbols = query.symbols ? new Set(query.symbols.split(',')) : undefined;
    const limit = Math.min(Number(query.limit ?? 50), 500);
    let rows = [...this.orders.values()].filter((o) => {
      if (nested && o.parentId) return false;
      if (status === 'open' && TERMINAL.has(o.status)) return false;
      if (status === 'closed' && !TERMINAL.has(o.status)) return false;
      if (symbols && !symbols.has(o.symbol)) return false;
      if (query.side && o.side !== query.side) return false;
      if (query.after && !(o.submittedAt > query.after)) return false;
      if (query.until && !(o.submittedAt < query.until)) return false;
      return true;
    });
    rows.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
    if ((query.direction ?? 'desc') === 'desc') rows.reverse();
    rows = rows.slice(0, limit);
    return { status: 200, body: rows.map((o) => this.json(o, nested)) };
  }

  /** `DELETE /v2/positions/{symbol}`: a market order that closes all, `qty`, or `percentage` of it. */
  closePosition(symbol: string, query: Record<string, string>): FakeAnswer {
    const key = symbol.toUpperCase();
    const holding = this.positions.get(key);
    if (!holding) return error(404, 40410000, 'position does not exist');
    const size = holding.qty.abs();
    const qty = query.qty ? D(query.qty) : query.percentage ? size.mul(D(query.percentage)).div(100, 9) : size;
    const order = this.#create({
      symbol: key, qty: qty.toString(), side: holding.qty.sign() > 0 ? 'sell' : 'buy', type: 'market', time_in_force: 'day',
    });
    this.#schedule(order.id);
    return { status: 200, body: this.json(order, true) };
  }

  // ---- Matching ---------------------------------------------------------------------------------

  #matchAll(symbol: string): void {
    for (const order of [...this.orders.values()]) {
      if (order.symbol === symbol && (order.status === 'new' || order.status === 'partially_filled' || order.status === 'accepted')) this.#match(order);
    }
  }

  #match(order: FakeOrder): void {
    const q = this.quote(order.symbol);
    const buy = order.side === 'buy';
    const touch = D(buy ? q.ask : q.bid);
    const last = D(q.last);
    if (order.type === 'trailing_stop') {
      const hwm = order.hwm ?? last;
      order.hwm = buy ? (last.cmp(hwm) < 0 ? last : hwm) : last.cmp(hwm) > 0 ? last : hwm;
    }
    const stop = this.#stopOf(order);
    if (stop !== undefined && !order.triggered) {
      if (buy ? last.cmp(stop) < 0 : last.cmp(stop) > 0) return;
      order.triggered = true;
    }
    if (order.type === 'market' && !this.autoFill) return;
    if (order.limit !== undefined && (order.type === 'limit' || order.type === 'stop_limit')) {
      if (buy ? touch.cmp(order.limit) > 0 : touch.cmp(order.limit) < 0) return;
    }
    const remaining = order.qty ? order.qty.sub(order.filledQty) : undefined;
    const qty = remaining ?? (order.notional ? order.notional.sub(order.filledCost).div(touch, 9) : D(0));
    if (qty.sign() > 0) this.execute(order.id, qty.toNumber(), touch.toNumber());
  }

  #stopOf(order: FakeOrder): Decimal | undefined {
    if (order.type === 'stop' || order.type === 'stop_limit') return order.stop;
    if (order.type !== 'trailing_stop' || !order.hwm) return undefined;
    const buy = order.side === 'buy';
    if (order.trailPrice) return buy ? order.hwm.add(order.trailPrice) : order.hwm.sub(order.trailPrice);
    const factor = D(1).add(D(buy ? 1 : -1).mul(order.trailPercent ?? D(0)).div(100, 9));
    return order.hwm.mul(factor);
  }

  /** Executes `qty` of an order at `price` (tests call it for partial fills). */
  execute(id: string, qty: number, price: number): void {
    const order = this.orders.get(id);
    if (!order) throw new Error(`no order ${id}`);
    const q = D(qty);
    const p = D(price);
    order.filledQty = order.filledQty.add(q);
    order.filledCost = order.filledCost.add(q.mul(p));
    if (!order.qty && order.notional) order.qty = order.filledQty;
    const complete = order.qty !== undefined && order.filledQty.cmp(order.qty) >= 0;
    const signed = order.side === 'buy' ? q : q.neg();
    this.cash = this.cash.sub(signed.mul(p));
    this.#hold(order.symbol, signed, p);
    const now = this.stamp();
    if (complete) order.filledAt = now;
    const extra = {
      execution_id: randomUUID(), price: p.toString(), qty: q.toString(), timestamp: now,
      position_qty: (this.positions.get(order.symbol)?.qty ?? D(0)).toString(),
    };
    this.#set(order, complete ? 'filled' : 'partially_filled', complete ? 'fill' : 'partial_fill', extra, now);
    if (complete) this.#afterFill(order);
  }

  #afterFill(order: FakeOrder): void {
    if (order.legIds.length > 0 && order.orderClass !== 'oco') {
      // The entry filled: its exits start working.
      for (const legId of order.legIds) {
        const leg = this.orders.get(legId)!;
        if (leg.status === 'held') this.#set(leg, 'new', 'new');
      }
      this.#matchAll(order.symbol);
      return;
    }
    // An exit filled: its sibling (or the OCO's other side) is canceled.
    const parentId = order.parentId;
    const group = parentId ? [parentId, ...(this.orders.get(parentId)?.legIds ?? [])] : order.legIds;
    for (const id of group) {
      const other = this.orders.get(id);
      if (!other || other.id === order.id || TERMINAL.has(other.status)) continue;
      if (parentId && other.id === parentId && order.orderClass !== 'oco') continue;
      this.#cancel(other);
    }
  }

  #hold(symbol: string, signed: Decimal, price: Decimal): void {
    const h = this.positions.get(symbol);
    if (!h) {
      this.positions.set(symbol, { qty: signed, avg: price, assetId: this.#assetId(symbol) });
      return;
    }
    const next = h.qty.add(signed);
    if (next.isZero()) {
      this.positions.delete(symbol);
      return;
    }
    const adds = h.qty.sign() === signed.sign();
    if (adds) h.avg = h.qty.abs().mul(h.avg).add(signed.abs().mul(price)).div(next.abs(), 6);
    else if (next.sign() !== h.qty.sign()) h.avg = price; // flipped through zero
    h.qty = next;
  }

  #set(order: FakeOrder, status: Status, event: string, extra: Record<string, unknown> = {}, at?: string): void {
    order.status = status;
    order.updatedAt = at ?? this.stamp();
    this.#publish(event, order, extra);
  }

  #publish(event: string, order: FakeOrder, extra: Record<string, unknown> = {}): void {
    const data: StreamEvent = { event, ...('timestamp' in extra ? {} : { timestamp: order.updatedAt }), ...extra, order: this.json(order, true) };
    this.onEvent(data);
  }

  /** An order in Alpaca's JSON shape; `nested` puts the legs in. */
  json(order: FakeOrder, nested: boolean): Record<string, unknown> {
    const avg = order.filledQty.sign() > 0 ? order.filledCost.div(order.filledQty, 9) : undefined;
    return {
      id: order.id, client_order_id: order.clientOrderId, created_at: order.createdAt, updated_at: order.updatedAt,
      submitted_at: order.submittedAt, filled_at: order.filledAt ?? null, expired_at: order.expiredAt ?? null,
      canceled_at: order.canceledAt ?? null, failed_at: null, replaced_at: order.replacedAt ?? null,
      replaced_by: order.replacedBy ?? null, replaces: order.replaces ?? null, asset_id: order.assetId, symbol: order.symbol,
      asset_class: 'us_equity', notional: str(order.notional), qty: str(order.qty), filled_qty: order.filledQty.toString(),
      filled_avg_price: str(avg), order_class: order.orderClass, order_type: order.type, type: order.type, side: order.side,
      position_intent: order.side === 'buy' ? 'buy_to_open' : 'sell_to_close', time_in_force: order.timeInForce,
      limit_price: str(order.limit), stop_price: str(order.stop), status: order.status, extended_hours: order.extendedHours,
      legs: nested && order.legIds.length > 0 ? order.legIds.map((id) => this.json(this.orders.get(id)!, false)) : null,
      trail_percent: str(order.trailPercent), trail_price: str(order.trailPrice), hwm: str(order.hwm),
    };
  }
}
