// An in-memory broker that does everything the conformance suite can ask for, correctly: the
// yardstick the suite is checked against (it must pass every case) and the base the deliberately
// broken variants in mutants.ts start from. Test-only: it is not a simulator (see broker-sim).
// Every order state change goes through core's applyOrderUpdate.
import { EventEmitter } from 'eventemitter3';
import {
  applyOrderUpdate,
  ConnectionError,
  Decimal,
  generateClientOrderId,
  InsufficientFundsError,
  InvalidOrderError,
  isTerminalStatus,
  OrderNotFoundError,
  OrderStateError,
  parseOrderRequest,
  submitWithRecovery,
  systemClock,
  UnknownOutcomeError,
  type AccountInfo,
  type BrokerAdapter,
  type BrokerEvents,
  type Capabilities,
  type Clock,
  type Order,
  type OrderFilter,
  type OrderReplace,
  type OrderRequest,
  type ParsedOrderRequest,
  type OrderStatus,
  type Position,
  type Quote,
} from '@invest/broker-core';

export const FULL_CAPABILITIES: Capabilities = {
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'],
  orderClasses: ['simple', 'bracket', 'oco', 'oto'],
  fractional: true,
  fractionalIncrement: 0.0001,
  notional: true,
  shortSelling: true,
  extendedHours: true,
  replace: true,
  trailPercent: true,
  trailPrice: true,
  streaming: true,
  paper: true,
  clientOrderId: { maxLength: 32, charset: 'A-Za-z0-9' },
};

export interface QuoteState {
  bid: number;
  ask: number;
  last: number;
}

export interface ReferenceBrokerOptions {
  name?: string;
  capabilities?: Partial<Capabilities>;
  /** Starting cash. Default 1,000,000. */
  cash?: number;
  /** Price of a symbol nobody set yet. Default 100. */
  price?: number;
  /** After a lost answer, look the order up (default) or give up with UnknownOutcomeError. */
  resolveLostAnswers?: boolean;
  clock?: Clock;
}

/** Statuses the matching engine works on. */
const WORKING: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['accepted', 'new', 'partially_filled']);

interface Holding {
  quantity: Decimal;
  averageCost: Decimal;
}

export class ReferenceBroker implements BrokerAdapter {
  readonly type: string = 'reference';
  readonly name: string;
  readonly capabilities: Capabilities;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  /** Order submissions and replaces that reached the "venue" (the harness's `requestsSent`). */
  requestsSent = 0;
  /** A venue refuses a client order id it has seen; the resend mutant turns this off. */
  protected rejectsDuplicateClientIds = true;
  protected readonly orders: Map<string, Order> = new Map();
  /** Parent id -> leg ids (bracket / oto legs; the stop-loss of an OCO hangs from its take-profit). */
  protected readonly legs = new Map<string, string[]>();
  /** Order id -> orders canceled when it fills or is canceled (the other exit). */
  protected readonly siblings = new Map<string, string[]>();
  protected readonly holdings = new Map<string, Holding>();
  protected readonly quotes = new Map<string, QuoteState>();
  /** Stop-limit orders whose stop was reached: from then on they are limit orders. */
  protected readonly triggered = new Set<string>();
  /** Trailing stops: the best price seen since placement (low for a buy, high for a sell). */
  protected readonly extremes = new Map<string, number>();
  protected cash: Decimal;
  protected readonly clock: Clock;
  readonly #price: number;
  readonly #resolveLostAnswers: boolean;
  #connected = false;
  #orderSeq = 0;
  #fillSeq = 0;
  #loseNextAnswer = false;

  constructor(options: ReferenceBrokerOptions = {}) {
    this.name = options.name ?? 'reference';
    this.capabilities = { ...FULL_CAPABILITIES, ...options.capabilities };
    this.cash = Decimal.from(options.cash ?? 1_000_000);
    this.#price = options.price ?? 100;
    this.#resolveLostAnswers = options.resolveLostAnswers ?? true;
    this.clock = options.clock ?? systemClock;
  }

  get connected(): boolean {
    return this.#connected;
  }

  async connect(): Promise<void> {
    this.#connected = true;
    this.events.emit('connected');
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
    this.events.emit('disconnected', 'requested');
  }

  // ---- test hooks -------------------------------------------------------------------------

  /** Market control: moves the quote, then lets working orders react. */
  setQuote(symbol: string, update: Partial<QuoteState>): void {
    for (const [key, value] of Object.entries(update)) {
      if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new RangeError(`${key} must be a positive price, got ${value}`);
    }
    const sym = symbol.toUpperCase();
    this.quotes.set(sym, { ...this.quote(sym), ...update });
    this.match(sym);
  }

  /** Fault: the next submission reaches the venue and its answer is lost. */
  armLostAnswer(): void {
    this.#loseNextAnswer = true;
  }

  // ---- reads ------------------------------------------------------------------------------

  async getAccount(): Promise<AccountInfo> {
    this.live();
    let equity = this.cash;
    for (const [symbol, h] of this.holdings) equity = equity.add(h.quantity.mul(this.quote(symbol).last));
    return {
      accountId: 'REF-1',
      currency: 'USD',
      cash: this.cash.toNumber(),
      buyingPower: this.cash.toNumber(),
      portfolioValue: equity.toNumber(),
      equity: equity.toNumber(),
      accountType: 'margin',
      paper: true,
      updatedAt: this.now(),
    };
  }

  async getPositions(): Promise<Position[]> {
    this.live();
    return [...this.holdings.keys()].map((s) => this.position(s));
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    this.live();
    const sym = symbol.toUpperCase();
    return this.holdings.has(sym) ? this.position(sym) : undefined;
  }

  async getQuote(symbol: string): Promise<Quote> {
    this.live();
    const sym = symbol.toUpperCase();
    return { symbol: sym, ...this.quote(sym), timestamp: this.now() };
  }

  async getOrder(id: string): Promise<Order> {
    this.live();
    return this.snapshot(this.get(id).id);
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    this.live();
    const found = this.byClientId(clientOrderId);
    return found && this.snapshot(found.id);
  }

  async listOrders(f: OrderFilter): Promise<Order[]> {
    this.live();
    const symbols = f.symbols?.map((s) => s.toUpperCase());
    const out = [...this.orders.values()].filter((o) =>
      (f.status === 'all' || (f.status === 'open') !== isTerminalStatus(o.status))
      && (!symbols || symbols.includes(o.symbol))
      && (!f.side || o.side === f.side));
    return out.slice(0, f.limit ?? out.length).map((o) => this.snapshot(o.id));
  }

  // ---- orders -----------------------------------------------------------------------------

  /** Core's edge (`withValidation`) has parsed the request and checked capabilities: it is taken as given. */
  async submitOrder(req: ParsedOrderRequest): Promise<Order> {
    this.live();
    return this.send(this.prepare(req));
  }

  /** Where an adapter maps the request to its wire format; the reference's wire takes it as is. */
  protected prepare(req: ParsedOrderRequest): OrderRequest {
    return req;
  }

  /** Sends once through core's recovery loop: a lost answer is looked up, never sent again. */
  protected send(req: OrderRequest): Promise<Order> {
    if (!this.#resolveLostAnswers) return this.transmit(req);
    return submitWithRecovery(
      { send: () => this.transmit(req), find: () => this.findOrderByClientId(req.clientOrderId) },
      { broker: this.type, clientOrderId: req.clientOrderId, lookups: 3, delayMs: 1, clock: this.clock },
    );
  }

  /** The wire: counts the request, and loses the answer when the fault is armed. */
  protected async transmit(req: OrderRequest): Promise<Order> {
    this.requestsSent++;
    const lose = this.#loseNextAnswer;
    this.#loseNextAnswer = false;
    if (!lose) return this.snapshot(this.accept(req).id);
    try {
      this.accept(req);
    } catch {
      // The venue's answer (even a refusal) is what got lost: only a lookup can tell.
    }
    throw new UnknownOutcomeError(`Order ${req.clientOrderId}: the answer was lost`, { broker: this.type, clientOrderId: req.clientOrderId });
  }

  /** The venue: refuses what a real one would, creates the order (and legs), matches. */
  protected accept(req: OrderRequest): Order {
    if (this.rejectsDuplicateClientIds && this.byClientId(req.clientOrderId)) {
      throw new InvalidOrderError(`clientOrderId ${req.clientOrderId} is already in use`, { broker: this.type, field: 'clientOrderId', outcome: 'rejected' });
    }
    const quote = this.quote(req.symbol);
    const quantity = req.quantity ?? Decimal.from(req.notional ?? 0).div(quote.ask, 4).toNumber();
    if (req.side === 'sell' && !this.capabilities.shortSelling) {
      const held = this.holdings.get(req.symbol)?.quantity.toNumber() ?? 0;
      if (held < quantity) throw new InsufficientFundsError(`cannot sell ${quantity} ${req.symbol}: ${held} held and no short selling`, { broker: this.type, outcome: 'rejected' });
    }
    if (req.side === 'buy' && req.type === 'market' && this.cash.cmp(Decimal.from(quantity).mul(quote.ask)) < 0) {
      throw new InsufficientFundsError(`not enough cash for ${quantity} ${req.symbol}`, { broker: this.type, outcome: 'rejected' });
    }
    const common = { symbol: req.symbol, quantity, timeInForce: req.timeInForce, extendedHours: req.extendedHours, orderClass: req.orderClass };
    const exit = req.side === 'buy' ? 'sell' : 'buy';
    let main: Order;
    if (req.orderClass === 'oco') {
      const tp = req.takeProfit!;
      const sl = req.stopLoss!;
      main = this.create({ ...common, clientOrderId: req.clientOrderId, side: req.side, type: 'limit', limitPrice: tp.limitPrice }, 'pending_new');
      const stop = this.create({
        ...common, clientOrderId: `${req.clientOrderId}.sl`, side: req.side, type: sl.limitPrice ? 'stop_limit' : 'stop',
        stopPrice: sl.stopPrice, limitPrice: sl.limitPrice, parentId: main.id,
      }, 'pending_new');
      this.link(main.id, [stop.id]);
      this.pair(main.id, stop.id);
      this.update(stop.id, 'new');
    } else {
      main = this.create({
        ...common, clientOrderId: req.clientOrderId, side: req.side, type: req.type, notional: req.notional,
        limitPrice: req.limitPrice, stopPrice: req.stopPrice, trailPrice: req.trailPrice, trailPercent: req.trailPercent,
      }, 'pending_new');
      const legIds: string[] = [];
      if (req.takeProfit) {
        legIds.push(this.create({ ...common, clientOrderId: `${req.clientOrderId}.tp`, side: exit, type: 'limit', limitPrice: req.takeProfit.limitPrice, parentId: main.id }, 'held').id);
      }
      if (req.stopLoss) {
        legIds.push(this.create({
          ...common, clientOrderId: `${req.clientOrderId}.sl`, side: exit, type: req.stopLoss.limitPrice ? 'stop_limit' : 'stop',
          stopPrice: req.stopLoss.stopPrice, limitPrice: req.stopLoss.limitPrice, parentId: main.id,
        }, 'held').id);
      }
      if (legIds.length > 0) this.link(main.id, legIds);
      if (legIds.length === 2) this.pair(legIds[0]!, legIds[1]!);
    }
    if (main.type === 'trailing_stop') this.extremes.set(main.id, quote.last);
    this.update(main.id, 'new');
    this.match(req.symbol);
    const after = this.get(main.id);
    if ((req.timeInForce === 'ioc' || req.timeInForce === 'fok') && WORKING.has(after.status)) this.update(main.id, 'canceled');
    return this.get(main.id);
  }

  async cancelOrder(id: string): Promise<void> {
    this.live();
    const order = this.get(id);
    if (order.status === 'canceled') return;
    if (isTerminalStatus(order.status)) throw new OrderStateError(`Order ${id} is ${order.status} and cannot be canceled`, { broker: this.type });
    this.cancelTree(id);
  }

  /** Cancels the order, its legs and the other exit of its pair. */
  protected cancelTree(id: string): void {
    this.cancelOne(id);
    for (const other of [...(this.legs.get(id) ?? []), ...(this.siblings.get(id) ?? [])]) {
      if (!isTerminalStatus(this.get(other).status)) this.cancelOne(other);
    }
  }

  protected cancelOne(id: string): void {
    if (this.get(id).status !== 'held') this.update(id, 'pending_cancel');
    this.update(id, 'canceled');
  }

  async replaceOrder(id: string, changes: OrderReplace): Promise<Order> {
    this.live();
    const old = this.get(id);
    if (!WORKING.has(old.status) || old.orderClass !== 'simple') {
      throw new OrderStateError(`Order ${id} is a ${old.status} ${old.orderClass} order; only a working simple order can be replaced`, { broker: this.type });
    }
    const { clientOrderId, ...rest } = changes;
    const req = parseOrderRequest({
      symbol: old.symbol, side: old.side, type: old.type, timeInForce: old.timeInForce, quantity: old.quantity, extendedHours: old.extendedHours,
      limitPrice: old.limitPrice, stopPrice: old.stopPrice, trailPrice: old.trailPrice, trailPercent: old.trailPercent, ...rest,
      clientOrderId: clientOrderId ?? generateClientOrderId(this.capabilities.clientOrderId),
    }, { broker: this.type, clientOrderId: this.capabilities.clientOrderId });
    this.requestsSent++;
    this.update(id, 'pending_replace');
    this.update(id, 'replaced');
    const next = this.create({
      symbol: req.symbol, side: req.side, type: req.type, timeInForce: req.timeInForce, quantity: req.quantity, extendedHours: req.extendedHours,
      orderClass: 'simple', clientOrderId: req.clientOrderId, limitPrice: req.limitPrice, stopPrice: req.stopPrice,
      trailPrice: req.trailPrice, trailPercent: req.trailPercent, replaces: id,
    }, 'pending_new');
    if (next.type === 'trailing_stop') this.extremes.set(next.id, this.extremes.get(id) ?? this.quote(next.symbol).last);
    this.update(next.id, 'new');
    this.match(next.symbol);
    return this.snapshot(next.id);
  }

  // ---- matching ---------------------------------------------------------------------------

  /** Fills every working order of `symbol` the current quote reaches, until nothing changes. */
  protected match(symbol: string): void {
    const quote = this.quote(symbol);
    for (let progress = true; progress;) {
      progress = false;
      for (const id of [...this.orders.keys()]) {
        const order = this.get(id);
        if (order.symbol !== symbol || !WORKING.has(order.status)) continue;
        this.trail(order, quote);
        const price = this.executionPrice(order, quote);
        if (price !== undefined) {
          this.fill(id, price);
          progress = true;
        }
      }
    }
  }

  /** Moves a trailing stop's reference to the best price seen. */
  protected trail(order: Order, quote: QuoteState): void {
    if (order.type !== 'trailing_stop') return;
    const best = this.extremes.get(order.id) ?? quote.last;
    this.extremes.set(order.id, order.side === 'buy' ? Math.min(best, quote.last) : Math.max(best, quote.last));
  }

  /** Where a trailing stop sits now. */
  protected trailingStop(order: Order): number {
    const best = this.extremes.get(order.id) ?? this.#price;
    const up = order.side === 'buy' ? 1 : -1;
    return order.trailPrice !== undefined ? best + up * order.trailPrice : best * (1 + (up * (order.trailPercent ?? 0)) / 100);
  }

  /** The price this order fills at against `quote`, or undefined while it waits. */
  protected executionPrice(order: Order, quote: QuoteState): number | undefined {
    const buy = order.side === 'buy';
    const market = buy ? quote.ask : quote.bid;
    const withinLimit = (limit: number | undefined): number | undefined =>
      limit !== undefined && (buy ? market <= limit : market >= limit) ? market : undefined;
    const reached = (stop: number | undefined): boolean => stop !== undefined && (buy ? quote.last >= stop : quote.last <= stop);
    switch (order.type) {
      case 'market':
        return market;
      case 'limit':
        return withinLimit(order.limitPrice);
      case 'stop':
        return reached(order.stopPrice) ? market : undefined;
      case 'stop_limit':
        if (reached(order.stopPrice)) this.triggered.add(order.id);
        return this.triggered.has(order.id) ? withinLimit(order.limitPrice) : undefined;
      case 'trailing_stop':
        return reached(this.trailingStop(order)) ? market : undefined;
    }
  }

  /** Fills what is left of the order at `price`: position and cash first, then the order, then the fill event. */
  protected fill(id: string, price: number): void {
    const order = this.get(id);
    const quantity = (order.quantity ?? 0) - order.filledQuantity;
    this.book(order.symbol, order.side, quantity, price);
    const filled = this.update(id, 'filled', { quantity, price });
    this.events.emit('fill', {
      fillId: `F${++this.#fillSeq}`, orderId: id, clientOrderId: order.clientOrderId, symbol: order.symbol,
      side: order.side, quantity, price, timestamp: filled.updatedAt,
    });
    this.afterFill(filled);
  }

  /** A filled entry releases its legs; a filled exit cancels the other one. */
  protected afterFill(order: Order): void {
    for (const leg of this.legs.get(order.id) ?? []) if (this.get(leg).status === 'held') this.update(leg, 'new');
    for (const other of this.siblings.get(order.id) ?? []) if (!isTerminalStatus(this.get(other).status)) this.cancelOne(other);
  }

  /** Books a fill on the position (average cost of what is open) and cash, exactly. */
  protected book(symbol: string, side: 'buy' | 'sell', quantity: number, price: number): void {
    const signed = Decimal.from(quantity).mul(side === 'buy' ? 1 : -1);
    this.cash = this.cash.sub(signed.mul(price));
    const before = this.holdings.get(symbol);
    const q0 = before?.quantity ?? Decimal.ZERO;
    const q1 = q0.add(signed);
    if (q1.isZero()) {
      this.holdings.delete(symbol);
      return;
    }
    let averageCost: Decimal;
    if (!before || q0.sign() !== q1.sign()) averageCost = Decimal.from(price); // opened, or went through zero
    else if (q0.sign() === signed.sign()) averageCost = q0.abs().mul(before.averageCost).add(signed.abs().mul(price)).div(q1.abs());
    else averageCost = before.averageCost; // reduced: the rest keeps its cost
    this.holdings.set(symbol, { quantity: q1, averageCost });
  }

  // ---- state ------------------------------------------------------------------------------

  protected create(fields: Omit<Order, 'id' | 'status' | 'filledQuantity' | 'createdAt' | 'updatedAt'>, status: 'pending_new' | 'held'): Order {
    const now = this.now();
    const order: Order = { id: `R${++this.#orderSeq}`, status, filledQuantity: 0, createdAt: now, updatedAt: now, submittedAt: now, ...fields };
    for (const key of Object.keys(order) as (keyof Order)[]) if (order[key] === undefined) delete order[key];
    this.orders.set(order.id, order);
    this.emitOrder(order);
    return order;
  }

  /** The one way an order changes: through the core lifecycle. */
  protected update(id: string, status: OrderStatus, fill?: { quantity: number; price: number }): Order {
    const order = this.get(id);
    let averageFillPrice: number | undefined;
    if (fill) {
      const filled = Decimal.from(order.filledQuantity);
      const paid = filled.mul(order.averageFillPrice ?? 0).add(Decimal.from(fill.quantity).mul(fill.price));
      averageFillPrice = paid.div(filled.add(fill.quantity)).toNumber();
    }
    const result = applyOrderUpdate(order, {
      kind: 'event', status, filledQuantity: order.filledQuantity + (fill?.quantity ?? 0), averageFillPrice, timestamp: this.now(),
    });
    if (result.kind !== 'applied') return order;
    this.orders.set(id, result.order);
    this.emitOrder(result.order);
    return result.order;
  }

  protected emitOrder(order: Order): void {
    this.events.emit('order', this.snapshot(order.id));
  }

  protected link(parent: string, legIds: string[]): void {
    this.legs.set(parent, legIds);
  }

  protected pair(a: string, b: string): void {
    this.siblings.set(a, [b]);
    this.siblings.set(b, [a]);
  }

  /** A copy of the order with its legs, safe to hand out. */
  protected snapshot(id: string): Order {
    const order = structuredClone(this.get(id));
    const legIds = this.legs.get(id);
    if (legIds) order.legs = legIds.map((leg) => this.snapshot(leg));
    return order;
  }

  protected get(id: string): Order {
    const order = this.orders.get(id);
    if (!order) throw new OrderNotFoundError(`No order ${id}`, { broker: this.type });
    return order;
  }

  protected byClientId(clientOrderId: string): Order | undefined {
    for (const o of this.orders.values()) if (o.clientOrderId === clientOrderId) return o;
    return undefined;
  }

  protected quote(symbol: string): QuoteState {
    let q = this.quotes.get(symbol);
    if (!q) {
      q = { bid: this.#price - 0.01, ask: this.#price + 0.01, last: this.#price };
      this.quotes.set(symbol, q);
    }
    return q;
  }

  protected position(symbol: string): Position {
    const h = this.holdings.get(symbol)!;
    const last = this.quote(symbol).last;
    const quantity = h.quantity.toNumber();
    return {
      symbol,
      quantity,
      side: quantity > 0 ? 'long' : 'short',
      averageCost: h.averageCost.toNumber(),
      costBasis: h.quantity.abs().mul(h.averageCost).toNumber(),
      currentPrice: last,
      marketValue: h.quantity.mul(last).toNumber(),
      unrealizedPnl: h.quantity.mul(Decimal.from(last).sub(h.averageCost)).toNumber(),
    };
  }

  protected now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  protected live(): void {
    if (!this.#connected) throw new ConnectionError(`${this.name} is not connected`, { broker: this.type });
  }
}
