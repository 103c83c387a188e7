// A stateful fake of one brokerage account in the order JSON Schwab's Trader API and TD
// Ameritrade's API share: orders (market, limit, stop, stop-limit, trailing stop), fills at a
// settable quote, positions and cash. It speaks only the wire shapes (numbers, enums, `+0000`
// timestamps); the network modules put it behind msw and check every request and answer against
// the derived contract. @invest/broker-td's tests use it too (the JSON is the same).
import { Decimal, systemClock, type Clock } from '@invest/broker-core';

type Instruction = 'BUY' | 'SELL';
type OrderType = 'MARKET' | 'LIMIT' | 'STOP' | 'STOP_LIMIT' | 'TRAILING_STOP';
export type FakeStatus = 'QUEUED' | 'AWAITING_PARENT_ORDER' | 'WORKING' | 'FILLED' | 'CANCELED' | 'REPLACED' | 'REJECTED' | 'EXPIRED';

export interface FakeOrder {
  id: number;
  symbol: string;
  instruction: Instruction;
  type: OrderType;
  duration: string;
  session: string;
  qty: Decimal;
  filled: Decimal;
  fills: { qty: Decimal; price: Decimal; time: string }[];
  price?: Decimal;
  stop?: Decimal;
  linkType?: 'VALUE' | 'PERCENT';
  linkBasis?: string;
  offset?: Decimal;
  hwm?: Decimal;
  triggered: boolean;
  status: FakeStatus;
  enteredAt: number;
  closedAt?: number;
  /** `SINGLE`, a `TRIGGER` whose children wait for it to fill, or an `OCO` wrapper of its children. */
  strategy: 'SINGLE' | 'TRIGGER' | 'OCO';
  /** Child orders (a TRIGGER's exits, an OCO's members). */
  children: number[];
  /** A TRIGGER whose children form one OCO (a bracket), written nested in the JSON. */
  childrenOco: boolean;
  /** The order this one hangs from. */
  parent?: number;
  /** The other members of this order's OCO: one filling cancels them. */
  oco: number[];
}

export interface QuoteState {
  bid: number;
  ask: number;
  last: number;
}

/** An answer of the fake: status, body and headers. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const TERMINAL: ReadonlySet<FakeStatus> = new Set<FakeStatus>(['FILLED', 'CANCELED', 'REPLACED', 'REJECTED', 'EXPIRED']);
const D = (v: number | string | Decimal): Decimal => Decimal.from(v);
const num = (d: Decimal | undefined): number | undefined => (d === undefined ? undefined : d.toNumber());

/** How an API writes its error answers (Schwab `{ message, errors }`, TD `{ error }`). */
export type ErrorAnswer = (status: number, message: string) => FakeAnswer;

/** Schwab's timestamp spelling: `2024-03-29T14:30:00+0000`. */
export function wireTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

export interface FakeOrderBookOptions {
  clock?: Clock;
  cash?: number;
  /** Field the order JSON names the account in: Schwab `accountNumber`, TD `accountId`. */
  accountField?: 'accountNumber' | 'accountId';
  accountNumber?: number;
}

export class FakeOrderBook {
  readonly orders = new Map<number, FakeOrder>();
  readonly positions = new Map<string, { qty: Decimal; avg: Decimal }>();
  readonly quotes = new Map<string, QuoteState>();
  readonly clock: Clock;
  readonly accountNumber: number;
  readonly accountField: 'accountNumber' | 'accountId';
  cash: Decimal;
  readonly startCash: Decimal;
  #nextId = 1_000_001_000;

  constructor(options: FakeOrderBookOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.cash = D(options.cash ?? 100_000);
    this.startCash = this.cash;
    this.accountNumber = options.accountNumber ?? 12_345_678;
    this.accountField = options.accountField ?? 'accountNumber';
  }

  quote(symbol: string): QuoteState {
    return this.quotes.get(symbol) ?? { bid: 99.99, ask: 100.01, last: 100 };
  }

  setQuote(symbol: string, update: Partial<QuoteState>): void {
    this.quotes.set(symbol, { ...this.quote(symbol), ...update });
    this.#matchAll(symbol);
  }

  /** Market value of every position at the last price, exactly. */
  held(): Decimal {
    let total = D(0);
    for (const [symbol, h] of this.positions) total = total.add(h.qty.mul(this.quote(symbol).last));
    return total;
  }

  buyingPower(): Decimal {
    let reserved = D(0);
    for (const o of this.orders.values()) {
      if (TERMINAL.has(o.status) || o.instruction !== 'BUY') continue;
      reserved = reserved.add(o.qty.sub(o.filled).mul(o.price ?? D(this.quote(o.symbol).ask)));
    }
    return this.cash.sub(reserved);
  }

  /** A refusal the broker would give to `body`, or undefined. */
  refusal(body: Record<string, unknown>): string | undefined {
    const children = body.childOrderStrategies as Record<string, unknown>[] | undefined;
    if (body.orderStrategyType === 'OCO') return children?.[0] ? this.refusal(children[0]) : 'an OCO needs its orders';
    const leg = (body.orderLegCollection as { instruction: string; quantity: number; instrument: { symbol: string } }[] | undefined)?.[0];
    if (!leg) return 'orderLegCollection is required';
    if (leg.instruction === 'BUY') {
      const price = typeof body.price === 'number' ? D(body.price) : D(this.quote(leg.instrument.symbol).ask);
      if (D(leg.quantity).mul(price).cmp(this.buyingPower()) > 0) return 'Order rejected: insufficient buying power for this order';
    }
    if (leg.instruction === 'SELL') {
      const held = this.positions.get(leg.instrument.symbol.toUpperCase())?.qty ?? D(0);
      if (held.cmp(leg.quantity) < 0) return 'Order rejected: selling more shares than held is a short sale; use SELL_SHORT';
    }
    return undefined;
  }

  /** Creates an order (and its child strategies) from a request body; it works (and may fill) at once. */
  create(body: Record<string, unknown>): FakeOrder {
    const children = (body.childOrderStrategies as Record<string, unknown>[] | undefined) ?? [];
    if (body.orderStrategyType === 'OCO') {
      const members = children.map((c) => this.#single(c, 'WORKING'));
      const wrapper: FakeOrder = { ...members[0]!, id: this.#nextId++, strategy: 'OCO', children: members.map((m) => m.id), fills: [], oco: [] };
      this.orders.set(wrapper.id, wrapper);
      for (const m of members) {
        m.parent = wrapper.id;
        m.oco = members.filter((x) => x !== m).map((x) => x.id);
      }
      for (const m of members) if (m.status === 'WORKING') this.#match(m);
      return wrapper;
    }
    const entry = this.#single(body, 'WORKING', false);
    if (body.orderStrategyType === 'TRIGGER') {
      entry.strategy = 'TRIGGER';
      const nested = children[0]?.orderStrategyType === 'OCO';
      const exits = (nested ? (children[0]!.childOrderStrategies as Record<string, unknown>[]) : children).map((c) => this.#single(c, 'AWAITING_PARENT_ORDER'));
      entry.children = exits.map((x) => x.id);
      entry.childrenOco = nested;
      for (const x of exits) {
        x.parent = entry.id;
        if (nested) x.oco = exits.filter((o) => o !== x).map((o) => o.id);
      }
    }
    this.#match(entry);
    return entry;
  }

  #single(body: Record<string, unknown>, status: FakeStatus, match = true): FakeOrder {
    const leg = (body.orderLegCollection as { instruction: Instruction; quantity: number; instrument: { symbol: string } }[])[0]!;
    const order: FakeOrder = {
      id: this.#nextId++,
      symbol: leg.instrument.symbol.toUpperCase(),
      instruction: leg.instruction,
      type: body.orderType as OrderType,
      duration: String(body.duration),
      session: typeof body.session === 'string' ? body.session : 'NORMAL',
      qty: D(leg.quantity),
      filled: D(0),
      fills: [],
      triggered: false,
      status,
      enteredAt: this.clock.now(),
      strategy: 'SINGLE',
      children: [],
      childrenOco: false,
      oco: [],
    };
    if (typeof body.price === 'number') order.price = D(body.price);
    if (typeof body.stopPrice === 'number') order.stop = D(body.stopPrice);
    if (order.type === 'TRAILING_STOP') {
      order.linkType = body.stopPriceLinkType as 'VALUE' | 'PERCENT';
      order.linkBasis = String(body.stopPriceLinkBasis);
      order.offset = D(body.stopPriceOffset as number);
      order.hwm = D(this.quote(order.symbol).last);
    }
    this.orders.set(order.id, order);
    // The 201 carries no body, so the order may work (and fill) before the answer leaves.
    if (match && status === 'WORKING') this.#match(order);
    return order;
  }

  cancel(id: number): string | undefined {
    const order = this.orders.get(id);
    if (!order) return 'Order not found';
    if (TERMINAL.has(order.status)) return `Order ${id} cannot be canceled (status ${order.status})`;
    this.#end(order, 'CANCELED');
    for (const child of order.children) {
      const o = this.orders.get(child)!;
      if (!TERMINAL.has(o.status)) this.#end(o, 'CANCELED');
    }
    return undefined;
  }

  #end(order: FakeOrder, status: FakeStatus): void {
    order.status = status;
    order.closedAt = this.clock.now();
  }

  /** Replaces a working order by a new one; the old one ends REPLACED. */
  replace(id: number, body: Record<string, unknown>): FakeOrder | string {
    const old = this.orders.get(id);
    if (!old) return 'Order not found';
    if (TERMINAL.has(old.status)) return `Order ${id} cannot be replaced (status ${old.status})`;
    old.status = 'REPLACED';
    old.closedAt = this.clock.now();
    return this.create(body);
  }

  /** `POST .../orders`: 201 with the new order's `Location` (built by `location`), or the refusal. */
  placeAnswer(body: Record<string, unknown>, location: (id: number) => string, error: ErrorAnswer): FakeAnswer {
    const refused = this.refusal(body);
    if (refused) return error(400, refused);
    return { status: 201, headers: { Location: location(this.create(body).id) } };
  }

  /** `PUT .../orders/{id}`: 201 with the replacement's `Location`, or 404 / 400. */
  replaceAnswer(id: string, body: Record<string, unknown>, location: (id: number) => string, error: ErrorAnswer): FakeAnswer {
    const result = this.replace(Number(id), body);
    if (typeof result === 'string') return error(result.includes('not found') ? 404 : 400, result);
    return { status: 201, headers: { Location: location(result.id) } };
  }

  /** `DELETE .../orders/{id}`: 200 with no body, or 404 / 400. */
  cancelAnswer(id: string, error: ErrorAnswer): FakeAnswer {
    const refused = this.cancel(Number(id));
    return refused ? error(refused.includes('not found') ? 404 : 400, refused) : { status: 200 };
  }

  /** `GET .../orders/{id}`. */
  getAnswer(id: string, error: ErrorAnswer): FakeAnswer {
    const order = this.orders.get(Number(id));
    return order ? { status: 200, body: this.json(order) } : error(404, 'Order not found');
  }

  /** Orders entered within [from, to] (epoch ms). */
  entered(from: number, to: number): FakeOrder[] {
    return [...this.orders.values()].filter((o) => o.parent === undefined && o.enteredAt >= from && o.enteredAt <= to).sort((a, b) => b.enteredAt - a.enteredAt || b.id - a.id);
  }

  #matchAll(symbol: string): void {
    for (const order of [...this.orders.values()]) if (order.symbol === symbol && order.status === 'WORKING' && order.strategy !== 'OCO') this.#match(order);
  }

  #match(order: FakeOrder): void {
    const q = this.quote(order.symbol);
    const buy = order.instruction === 'BUY';
    const touch = D(buy ? q.ask : q.bid);
    const last = D(q.last);
    if (order.type === 'TRAILING_STOP') {
      const hwm = order.hwm ?? last;
      order.hwm = buy ? (last.cmp(hwm) < 0 ? last : hwm) : last.cmp(hwm) > 0 ? last : hwm;
    }
    const stop = this.#stopOf(order);
    if (stop !== undefined && !order.triggered) {
      if (buy ? last.cmp(stop) < 0 : last.cmp(stop) > 0) return;
      order.triggered = true;
    }
    if (order.price !== undefined && (order.type === 'LIMIT' || order.type === 'STOP_LIMIT')) {
      if (buy ? touch.cmp(order.price) > 0 : touch.cmp(order.price) < 0) return;
    }
    this.execute(order.id, order.qty.sub(order.filled).toNumber(), touch.toNumber());
  }

  #stopOf(order: FakeOrder): Decimal | undefined {
    if (order.type === 'STOP' || order.type === 'STOP_LIMIT') return order.stop;
    if (order.type !== 'TRAILING_STOP' || !order.hwm || !order.offset) return undefined;
    const buy = order.instruction === 'BUY';
    if (order.linkType === 'VALUE') return buy ? order.hwm.add(order.offset) : order.hwm.sub(order.offset);
    return order.hwm.mul(D(1).add(D(buy ? 1 : -1).mul(order.offset).div(100, 9)));
  }

  /** Executes `qty` of an order at `price` (tests call it for partial fills). */
  execute(id: number, qty: number, price: number): void {
    const order = this.orders.get(id)!;
    const q = D(qty);
    const p = D(price);
    order.filled = order.filled.add(q);
    order.fills.push({ qty: q, price: p, time: wireTime(this.clock.now()) });
    const signed = order.instruction === 'BUY' ? q : q.neg();
    this.cash = this.cash.sub(signed.mul(p));
    const h = this.positions.get(order.symbol);
    if (!h) this.positions.set(order.symbol, { qty: signed, avg: p });
    else {
      const next = h.qty.add(signed);
      if (next.isZero()) this.positions.delete(order.symbol);
      else {
        if (h.qty.sign() === signed.sign()) h.avg = h.qty.abs().mul(h.avg).add(signed.abs().mul(p)).div(next.abs(), 6);
        h.qty = next;
      }
    }
    if (order.filled.cmp(order.qty) >= 0) this.#filled(order);
  }

  /** A complete fill: a TRIGGER's children start working, an OCO's other members are canceled. */
  #filled(order: FakeOrder): void {
    this.#end(order, 'FILLED');
    for (const id of order.oco) {
      const other = this.orders.get(id)!;
      if (!TERMINAL.has(other.status)) this.#end(other, 'CANCELED');
    }
    const parent = order.parent === undefined ? undefined : this.orders.get(order.parent);
    if (parent?.strategy === 'OCO') this.#end(parent, 'FILLED');
    const waiting = order.children.map((id) => this.orders.get(id)!).filter((c) => c.status === 'AWAITING_PARENT_ORDER');
    for (const child of waiting) child.status = 'WORKING';
    for (const child of waiting) if (child.status === 'WORKING') this.#match(child);
  }

  /** An order in the wire shape (`Order` / `OrderGet`). */
  json(order: FakeOrder): Record<string, unknown> {
    if (order.strategy === 'OCO') {
      return {
        orderStrategyType: 'OCO', orderId: order.id, status: order.status, enteredTime: wireTime(order.enteredAt), [this.accountField]: this.accountNumber,
        cancelable: !TERMINAL.has(order.status), ...(order.closedAt !== undefined ? { closeTime: wireTime(order.closedAt) } : {}),
        childOrderStrategies: order.children.map((id) => this.json(this.orders.get(id)!)),
      };
    }
    const remaining = order.qty.sub(order.filled);
    const out: Record<string, unknown> = {
      session: order.session, duration: order.duration, orderType: order.type, complexOrderStrategyType: 'NONE',
      quantity: num(order.qty), filledQuantity: num(order.filled), remainingQuantity: num(remaining),
      requestedDestination: 'AUTO', destinationLinkName: 'AutoRoute', orderStrategyType: order.strategy, orderId: order.id,
      cancelable: !TERMINAL.has(order.status), editable: !TERMINAL.has(order.status), status: order.status,
      enteredTime: wireTime(order.enteredAt), [this.accountField]: this.accountNumber,
      orderLegCollection: [{
        orderLegType: 'EQUITY', legId: 1, instrument: { assetType: 'EQUITY', symbol: order.symbol, cusip: '000000000' },
        instruction: order.instruction, positionEffect: order.instruction === 'BUY' ? 'OPENING' : 'CLOSING', quantity: num(order.qty),
      }],
    };
    if (order.price !== undefined) out.price = num(order.price);
    if (order.stop !== undefined) out.stopPrice = num(order.stop);
    if (order.type === 'TRAILING_STOP') {
      out.stopPriceLinkBasis = order.linkBasis;
      out.stopPriceLinkType = order.linkType;
      out.stopPriceOffset = num(order.offset);
      out.stopType = 'STANDARD';
    }
    if (order.closedAt !== undefined) out.closeTime = wireTime(order.closedAt);
    if (order.children.length > 0) {
      const children = order.children.map((id) => this.json(this.orders.get(id)!));
      out.childOrderStrategies = order.childrenOco ? [{ orderStrategyType: 'OCO', childOrderStrategies: children }] : children;
    }
    if (order.fills.length > 0) {
      let left = order.qty;
      out.orderActivityCollection = order.fills.map((f) => {
        left = left.sub(f.qty);
        return {
          activityType: 'EXECUTION', executionType: 'FILL', quantity: num(f.qty), orderRemainingQuantity: num(left),
          executionLegs: [{ legId: 1, quantity: num(f.qty), mismarkedQuantity: 0, price: num(f.price), time: f.time }],
        };
      });
    }
    return out;
  }
}
