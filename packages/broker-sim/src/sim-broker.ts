import {
  BrokerError,
  formatIssues,
  InvalidOrderError,
  NotSupportedError,
  OrderFilterSchema,
  OrderReplaceSchema,
  clientOrderIdProblem,
  parseConfig,
  parseOrderRequest,
  silentLogger,
  symbolSchema,
  systemClock,
  UnknownOutcomeError,
  type AccountInfo,
  type Broker,
  type BrokerEvents,
  type Capabilities,
  type Clock,
  type Fill,
  type Logger,
  type Order,
  type OrderFilterInput,
  type OrderReplace,
  type OrderReplaceInput,
  type OrderRequestInput,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { exactText } from './engine/exact-text.ts';
import { assertSimSupported, assertStep } from './engine/supported.ts';
import { EventEmitter } from 'eventemitter3';
import type { z } from 'zod';
import { simCapabilities } from './capabilities.ts';
import { MEMORY_STATE, SimConfigSchema, type SimConfig, type SimConfigInput } from './config.ts';
import { SimEngine, type EngineConfig, type EngineEvent } from './engine/engine.ts';
import { isOpenStatus } from './engine/sim-order.ts';
import { DiscardChanges } from './persistence/discard-changes.ts';
import { restoreEngine, serializeState } from './persistence/engine-state.ts';
import { defaultStatePath, investHome } from './persistence/state-path.ts';
import { FileStateStore, MemoryStateStore, type StateStore, type StateWriter } from './persistence/state-store.ts';
import type { PriceSource, QuoteInput, SimQuote } from './prices/price-source.ts';
import { pricesFromConfig } from './prices/prices-from-config.ts';
import { toSimQuote } from './prices/quote-input.ts';
import { alwaysOpenCalendar } from './session/always-open-calendar.ts';
import type { SessionCalendar } from './session/calendar.ts';
import { usEquityCalendar } from './session/us-equity-calendar.ts';

/** What a `SimBroker` takes besides its config. */
export interface SimBrokerOptions {
  /** Instance name (the account's name in the invest config). Default `sim`. */
  name?: string;
  /** Time source. Default the system clock; pass a `ManualClock` for tests and replays. */
  clock?: Clock;
  logger?: Logger;
  /** A price source object (e.g. `brokerPrices(alpaca)`); overrides `config.prices`. */
  prices?: PriceSource;
  /** Market hours; overrides `config.session`. */
  calendar?: SessionCalendar;
  /**
   * State file; overrides `config.stateFile`. When neither gives one the state lives in memory
   * (the plugin, which the CLI uses, defaults to `<home>/sim/<name>.json` instead).
   */
  stateFile?: string;
  /** How the state file is written (default `atomicStateWriter`). A seam for fault tests. */
  writeState?: StateWriter;
}

/** Exact account figures as decimal strings (the property the ledger keeps: see `Ledger`). */
export interface SimLedger {
  initialCash: string;
  cash: string;
  equity: string;
  realizedPnl: string;
  unrealizedPnl: string;
  commissions: string;
  buyingPower: string;
  positions: { symbol: string; quantity: string; cost: string; realizedPnl: string; mark?: string }[];
}

/** A quote for `tick`: a `SimQuote` whose time may be left out (then the clock's). */
export type TickInput = Omit<SimQuote, 'time'> & { time?: number };

const iso = (t: number): string => new Date(t).toISOString();

/** Stands in for the client order id the engine will assign, while the request is parsed. */
const PENDING_CLIENT_ORDER_ID = 'sim-pending';

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function quoteKey(q: SimQuote, withTime: boolean): string {
  const base = `${q.bid}|${q.ask}|${q.last}|${q.bidSize}|${q.askSize}|${q.lastSize}`;
  return withTime ? `${base}|${q.time}` : base;
}

/**
 * A paper broker that behaves like one: orders of every type rest in a price-indexed book and
 * fill against quotes by a fill model (bid / ask or last, slippage, commission, optional quoted
 * liquidity), cash and positions are kept exactly, and the whole account persists in a locked,
 * atomically written state file (or in memory). It validates its own input, so even unwrapped it
 * refuses a bad order with a typed error before anything changes.
 *
 * @example
 * ```ts
 * const sim = createSimBroker({ prices: { kind: 'static', quotes: { AAPL: { bid: 187.2, ask: 187.23 } } }, session: 'always' })
 * const order = await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10 })
 * order.status // 'filled'
 * ```
 */
export class SimBroker implements Broker {
  readonly name: string;
  readonly type = 'sim';
  readonly capabilities: Capabilities;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  readonly config: SimConfig;
  /** The state file, or undefined when the state lives in memory. */
  readonly stateFile: string | undefined;

  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #source: PriceSource | undefined;
  readonly #store: StateStore;
  readonly #memory: MemoryStateStore | undefined;
  #connected = false;
  #polling = false;

  constructor(config: SimConfig, options: SimBrokerOptions = {}) {
    this.config = config;
    this.name = options.name ?? 'sim';
    this.capabilities = simCapabilities(config);
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#source = options.prices ?? pricesFromConfig(config.prices, config.seed);
    const calendar = options.calendar ?? (config.session === 'always' ? alwaysOpenCalendar() : usEquityCalendar());
    const engineConfig: EngineConfig = {
      accountId: config.accountId ?? `SIM-${this.name}`,
      currency: config.currency,
      accountType: config.accountType,
      marginMultiplier: config.accountType === 'margin' ? config.marginMultiplier : 1,
      shortSelling: config.shortSelling,
      fractional: config.fractional,
      commission: config.commission,
      slippageBps: config.slippageBps,
      liquidity: config.liquidity,
      priceRounding: config.priceRounding,
      initialCash: config.initialCash,
    };
    const create = (): SimEngine => new SimEngine(engineConfig, calendar, this.#clock.now());
    const file = options.stateFile ?? config.stateFile;
    if (file === undefined || file === MEMORY_STATE) {
      this.#memory = new MemoryStateStore(create);
      this.#store = this.#memory;
      this.stateFile = undefined;
    } else {
      this.stateFile = file;
      this.#store = new FileStateStore(file, create, (text) => restoreEngine(text, engineConfig, calendar, file), options.writeState);
    }
  }

  get connected(): boolean {
    return this.#connected;
  }

  async connect(): Promise<void> {
    if (this.#connected) return;
    this.#connected = true;
    this.events.emit('connected');
    if (this.config.pollMs > 0 && !this.#polling) void this.#poll();
  }

  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    this.events.emit('disconnected', 'disconnect() called');
  }

  async getAccount(): Promise<AccountInfo> {
    return this.#run([], (engine) => this.#account(engine));
  }

  async getPositions(): Promise<Position[]> {
    return this.#run([], (engine) => this.#positions(engine));
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    const sym = this.#symbol(symbol);
    return this.#run([sym], (engine) => this.#positions(engine).find((p) => p.symbol === sym));
  }

  async submitOrder(request: OrderRequestInput): Promise<Order> {
    // Without a client order id the engine assigns the next `sim-NNNNNN` (deterministic, unlike the
    // core's random one, which would also cost a randomBytes call per order): parse with a
    // placeholder in its place.
    const generated = isRecord(request) && request.clientOrderId === undefined;
    const input = generated ? { ...request, clientOrderId: PENDING_CLIENT_ORDER_ID } : request;
    const req = parseOrderRequest(input, { broker: 'sim', clientOrderId: this.capabilities.clientOrderId });
    assertSimSupported(req, this.capabilities);
    let placed: Order | undefined;
    try {
      return await this.#run([req.symbol], (engine) => (placed = engine.publicOrder(engine.submit(req, generated))), 'submit');
    } catch (error) {
      // The engine took the order, then saving the state failed: the write may or may not have
      // landed. Settle it by looking the order up, never by placing it again.
      if (!(error instanceof Uncommitted) || !placed) throw error;
      const found = await this.#settle(placed, error.cause);
      this.#emit(error.events, error.account);
      return found;
    }
  }

  async #settle(placed: Order, error: unknown): Promise<Order> {
    let found: Order | undefined;
    try {
      found = await this.findOrderByClientId(placed.clientOrderId);
    } catch (lookupError) {
      throw new UnknownOutcomeError(
        `Order ${placed.clientOrderId}: saving the state failed and the order could not be looked up; it may exist`,
        { broker: 'sim', clientOrderId: placed.clientOrderId, cause: lookupError },
      );
    }
    if (found) {
      this.#logger.warn('sim state write reported a failure, but the order was saved', { clientOrderId: placed.clientOrderId });
      return found;
    }
    throw new BrokerError(`Order ${placed.clientOrderId} was not placed: saving the state failed (${(error as Error)?.message ?? String(error)})`, {
      broker: 'sim', retryable: true, outcome: 'denied', cause: error,
    });
  }

  async cancelOrder(id: string): Promise<void> {
    this.#orderId(id);
    await this.#run([], (engine) => engine.cancel(id), 'change');
  }

  async replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> {
    this.#orderId(id);
    const parsed = OrderReplaceSchema.safeParse(changes, { reportInput: true });
    if (!parsed.success) {
      const first = formatIssues(parsed.error)[0] ?? { field: '(root)', message: 'is not valid' };
      throw new InvalidOrderError(`Invalid replace: ${first.field}: ${first.message}`, { field: first.field, broker: 'sim', outcome: 'denied' });
    }
    const c: OrderReplace = parsed.data;
    if (c.quantity !== undefined && !Number.isInteger(c.quantity)) {
      if (!this.capabilities.fractional) {
        throw new NotSupportedError(`sim does not support fractional quantities (quantity ${c.quantity})`, { broker: 'sim', capability: 'fractional' });
      }
      assertStep(c.quantity, this.capabilities);
    }
    if (c.clientOrderId !== undefined) {
      const problem = clientOrderIdProblem(c.clientOrderId, this.capabilities.clientOrderId);
      if (problem) throw new InvalidOrderError(`Invalid replace: clientOrderId: ${problem}`, { field: 'clientOrderId', broker: 'sim', outcome: 'denied' });
    }
    return this.#run([], (engine) => engine.publicOrder(engine.replace(id, c, c.clientOrderId === undefined)), 'change');
  }

  async getOrder(id: string): Promise<Order> {
    this.#orderId(id);
    return this.#run([], (engine) => engine.publicOrder(engine.get(id)));
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    if (typeof clientOrderId !== 'string' || clientOrderId === '') {
      throw new InvalidOrderError('Invalid client order id: clientOrderId: must be a non-empty string', { field: 'clientOrderId', broker: 'sim', outcome: 'denied' });
    }
    return this.#run([], (engine) => {
      const o = engine.byClientId(clientOrderId);
      return o ? engine.publicOrder(o) : undefined;
    });
  }

  async listOrders(filter?: OrderFilterInput): Promise<Order[]> {
    const parsed = OrderFilterSchema.safeParse(filter ?? {}, { reportInput: true });
    if (!parsed.success) {
      const first = formatIssues(parsed.error)[0] ?? { field: '(root)', message: 'is not valid' };
      throw new InvalidOrderError(`Invalid order filter: ${first.field}: ${first.message}`, { field: first.field, broker: 'sim', outcome: 'denied' });
    }
    const f = parsed.data;
    const symbols = f.symbols ? new Set(f.symbols.map((s) => s.toUpperCase())) : undefined;
    const after = f.after === undefined ? undefined : Date.parse(f.after);
    const until = f.until === undefined ? undefined : Date.parse(f.until);
    return this.#run([], (engine) => {
      const out: Order[] = [];
      const all = [...engine.orders.values()].sort((a, b) => b.seq - a.seq);
      for (const o of all) {
        const open = isOpenStatus(o.order.status);
        if ((f.status === 'open' && !open) || (f.status === 'closed' && open)) continue;
        if (symbols && !symbols.has(o.order.symbol)) continue;
        if (f.side && o.order.side !== f.side) continue;
        const created = Date.parse(o.order.createdAt);
        if ((after !== undefined && created <= after) || (until !== undefined && created > until)) continue;
        out.push(engine.publicOrder(o));
        if (f.limit !== undefined && out.length >= f.limit) break;
      }
      return out;
    });
  }

  async getQuote(symbol: string): Promise<Quote> {
    const sym = this.#symbol(symbol);
    return this.#run([sym], (engine) => {
      if (!engine.knows(sym)) {
        throw new InvalidOrderError(`Invalid symbol: symbol: unknown symbol ${sym} (the price source has no price for it)`, { field: 'symbol', broker: 'sim', outcome: 'rejected' });
      }
      const book = engine.book(sym);
      if (!book.hasQuote) {
        throw new BrokerError(`No quote for ${sym} yet (the price source has none before ${iso(engine.time)})`, { broker: 'sim', retryable: true });
      }
      const q = book.quote();
      const out: Quote = { symbol: sym, timestamp: iso(q.time) };
      if (q.bid !== undefined) out.bid = q.bid;
      if (q.ask !== undefined) out.ask = q.ask;
      if (q.last !== undefined) out.last = q.last;
      if (q.bidSize !== undefined) out.bidSize = q.bidSize;
      if (q.askSize !== undefined) out.askSize = q.askSize;
      if (q.lastSize !== undefined) out.lastSize = q.lastSize;
      return out;
    });
  }

  // ---------------------------------------------------------------- market control

  /**
   * Pushes a quote into the market (tests, conformance, scripted scenarios): stops and trailing
   * stops see it, marketable resting orders fill against it, and it is persisted like any change.
   * Its time defaults to the clock's.
   *
   * @example
   * ```ts
   * await sim.setQuote('AAPL', { bid: 99.98, ask: 100.02, last: 100 })
   * ```
   */
  async setQuote(symbol: string, quote: QuoteInput): Promise<void> {
    const sym = this.#symbol(symbol);
    const q = toSimQuote(sym, quote, Number.NaN);
    await this.#run([], (engine) => {
      engine.tick(q, Number.isNaN(q.time) ? Math.max(this.#clock.now(), engine.time) : q.time);
    });
  }

  /**
   * Applies one quote synchronously (in-memory simulators only: a state file needs `setQuote`).
   * This is the hot path of backtests: prices are checked, nothing else is allocated when no order
   * is reached.
   *
   * @example
   * ```ts
   * for (const q of prices.ticks()) sim.tick(q)
   * ```
   */
  tick(quote: TickInput): void {
    if (!this.#memory) throw new BrokerError('tick() needs an in-memory simulator; use setQuote() with a state file', { broker: 'sim' });
    checkTick(quote);
    const engine = this.#memory.engine();
    const recording = this.#listening();
    engine.recording = recording;
    engine.ledgerChanged = false;
    engine.tick(quote, quote.time ?? this.#clock.now());
    if (recording && engine.events.length > 0) this.#emit(engine.takeEvents());
    if (engine.ledgerChanged && this.events.listenerCount('account') > 0) this.events.emit('account', this.#account(engine));
  }

  /**
   * Replays quotes in order (a backtest, a CSV file): one transaction for the whole run.
   *
   * @example
   * ```ts
   * const prices = csvPrices({ file: 'day.csv' })
   * await sim.replay(prices.ticks())
   * ```
   */
  async replay(ticks: Iterable<SimQuote>): Promise<number> {
    return this.#run([], (engine) => {
      let n = 0;
      for (const q of ticks) {
        checkTick(q);
        engine.tick(q, q.time);
        n += 1;
      }
      return n;
    });
  }

  /** Reads the price source for every symbol that matters and runs the market up to now. */
  async sync(): Promise<void> {
    await this.#run([], () => undefined);
  }

  /**
   * Exact figures (decimal strings), for checks that must not depend on floating point.
   *
   * @example
   * ```ts
   * const l = await sim.ledger()
   * Decimal.from(l.equity).eq(Decimal.from(l.initialCash).add(l.realizedPnl).add(l.unrealizedPnl).sub(l.commissions)) // true
   * ```
   */
  async ledger(): Promise<SimLedger> {
    return this.#run([], (engine) => {
      const t = engine.totals();
      const positions: SimLedger['positions'] = [];
      for (const [symbol, p] of [...engine.ledger.positions].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const mark = engine.mark(symbol);
        const row: SimLedger['positions'][number] = { symbol, quantity: exactText(p.quantity), cost: exactText(p.cost), realizedPnl: exactText(p.realized) };
        if (mark) row.mark = exactText(mark);
        positions.push(row);
      }
      return {
        initialCash: exactText(engine.ledger.initialCash), cash: exactText(t.cash), equity: exactText(t.equity),
        realizedPnl: exactText(t.realized), unrealizedPnl: exactText(t.unrealized), commissions: exactText(t.commissions),
        buyingPower: exactText(t.buyingPower), positions,
      };
    });
  }

  /** Every execution so far, oldest first. */
  async fills(): Promise<Fill[]> {
    return this.#run([], (engine) => engine.fills.map((f) => ({ ...f })));
  }

  /** The state exactly as the state file holds it (canonical JSON), in memory mode too. */
  async exportState(): Promise<string> {
    if (this.#memory) return serializeState(this.#memory.engine());
    return this.#store.exportState();
  }

  // ---------------------------------------------------------------- internals

  #symbol(symbol: string): string {
    const r = symbolSchema.safeParse(symbol, { reportInput: true });
    if (r.success) return r.data;
    const first = formatIssues(r.error)[0];
    throw new InvalidOrderError(`Invalid symbol: symbol: ${first?.message ?? 'is not valid'}`, { field: 'symbol', broker: 'sim', outcome: 'denied' });
  }

  #orderId(id: string): void {
    if (typeof id !== 'string' || id.length === 0) {
      throw new InvalidOrderError(`Invalid order id: id: must be a non-empty string, got ${typeof id === 'string' ? '""' : typeof id}`, { field: 'id', broker: 'sim', outcome: 'denied' });
    }
  }

  #listening(): boolean {
    const e = this.events;
    return e.listenerCount('order') + e.listenerCount('fill') > 0;
  }

  /**
   * One operation: take the state (lock + load in file mode), bring the market up to now (price
   * source, session boundaries), run `fn`, commit, then tell listeners. Events are emitted only
   * after the state that produced them is durable. `mode`: `change` and `submit` are commands,
   * and one that fails after changing something (a bug, never a refusal) keeps nothing of it; a
   * `submit` whose state may not have been saved throws `Uncommitted` for the caller to settle.
   */
  async #run<T>(symbols: string[], fn: (engine: SimEngine) => T, mode: 'read' | 'change' | 'submit' = 'read'): Promise<T> {
    const op: Operation<T> = { fn, mode, events: [], account: undefined, fnError: undefined, ran: false, out: undefined };
    // In memory with no price source every step is synchronous: run it now, without the queue's
    // round of promises (when nothing else is under way), then emit as below, after a turn.
    if (this.#memory !== undefined && this.#source === undefined) {
      let done = false;
      try {
        done = this.#memory.transactNow((engine) => this.#begin(engine, op));
      } catch (error) {
        // Thrown by `fn` itself (a discarded change left nothing to tell).
        if (op.events.length > 0 || op.account) {
          await undefined;
          this.#emit(op.events, op.account);
        }
        throw error;
      }
      if (done) {
        if (op.events.length > 0 || op.account) {
          await undefined;
          this.#emit(op.events, op.account);
        }
        return op.out as T;
      }
    }
    let committed = false;
    try {
      const result = await this.#store.transact((engine) => {
        const refreshing = this.#refresh(this.#start(engine), symbols);
        return refreshing ? refreshing.then(() => this.#body(engine, op)) : this.#body(engine, op);
      });
      committed = true;
      return result;
    } catch (error) {
      // The store rethrows `fn`'s own error after saving what came before it (a price refresh);
      // any other error means the state may not have been saved.
      if (op.fnError && error === op.fnError.error) committed = true;
      else if (op.ran && mode === 'submit') throw new Uncommitted(error, op.events, op.account);
      throw error;
    } finally {
      if (committed && (op.events.length > 0 || op.account)) this.#emit(op.events, op.account);
    }
  }

  /** Resets what one operation records. */
  #start(engine: SimEngine): SimEngine {
    engine.recording = this.#listening();
    engine.events = [];
    engine.ledgerChanged = false;
    return engine;
  }

  /** `#run` in memory without a price source: nothing to refresh. */
  #begin<T>(engine: SimEngine, op: Operation<T>): void {
    this.#body(this.#start(engine), op);
  }

  /** Brings the market up to now and runs the operation, recording its events (see `#run`). */
  #body<T>(engine: SimEngine, op: Operation<T>): T {
    engine.advanceTo(Math.max(this.#clock.now(), engine.time));
    const mark = engine.mutations;
    let out: T;
    try {
      out = op.fn(engine);
    } catch (error) {
      op.fnError = { error };
      op.events = engine.takeEvents();
      if (engine.ledgerChanged && this.events.listenerCount('account') > 0) op.account = this.#account(engine);
      if (op.mode !== 'read' && engine.mutations !== mark) {
        op.events = [];
        op.account = undefined;
        this.#logger.error('sim operation failed midway; changes discarded', { error: String(error) });
        throw new DiscardChanges(error);
      }
      throw error;
    }
    op.ran = true;
    op.out = out;
    op.events = engine.takeEvents();
    if (engine.ledgerChanged && this.events.listenerCount('account') > 0) op.account = this.#account(engine);
    return out;
  }

  #emit(events: EngineEvent[], account?: AccountInfo): void {
    for (const e of events) {
      if (e.type === 'order') this.events.emit('order', e.order);
      else this.events.emit('fill', e.fill);
    }
    if (account) this.events.emit('account', account);
  }

  /**
   * Reads the price source for `symbols` and every symbol with orders or a position, and ticks what
   * changed. Synchronous unless the source answers with promises (then it returns one).
   */
  #refresh(engine: SimEngine, symbols: string[]): Promise<void> | undefined {
    const source = this.#source;
    if (!source) return undefined;
    if (engine.sourceState !== undefined) source.load?.(engine.sourceState);
    const now = Math.max(this.#clock.now(), engine.time);
    const active = engine.activeSymbols();
    // The common case (one symbol, nothing else open or held, or only that symbol): no merge.
    const wanted = symbols.length <= 1 && (active.length === 0 || (active.length === 1 && active[0] === symbols[0]))
      ? (symbols.length === 1 ? symbols : active)
      : [...new Set([...symbols, ...active])].sort();
    const replays = source.between !== undefined;
    const ticks: SimQuote[] = [];
    const pending: Promise<void>[] = [];
    for (const symbol of wanted) {
      const book = engine.book(symbol);
      if (!book.known && source.knows?.(symbol)) {
        book.known = true;
        engine.mutations++;
      }
      const pulled = engine.pulled.get(symbol);
      if (replays && pulled && engine.hasOpenOrders(symbol)) {
        // Resting orders must see every price the market went through since the last look.
        for (const q of (source.between as NonNullable<PriceSource['between']>)(symbol, pulled.at, now)) ticks.push(q);
        if (pulled.at !== now) {
          engine.pulled.set(symbol, { at: now, key: pulled.key });
          engine.mutations++;
        }
        continue;
      }
      const take = (q: SimQuote | undefined): void => {
        if (!q) return;
        const key = quoteKey(q, replays);
        const at = replays ? now : 0;
        if (!pulled || pulled.key !== key || pulled.at !== at) {
          engine.pulled.set(symbol, { at, key });
          engine.mutations++;
        }
        if (!pulled || pulled.key !== key) ticks.push({ ...q, symbol });
      };
      const q = source.quote(symbol, now);
      if (q instanceof Promise) pending.push(q.then(take));
      else take(q);
    }
    const finish = (): void => {
      ticks.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
      for (const q of ticks) engine.tick(q, q.time);
      const saved = source.save?.();
      if (saved !== undefined && JSON.stringify(saved) !== JSON.stringify(engine.sourceState)) {
        engine.sourceState = saved;
        engine.mutations++;
      }
    };
    if (pending.length > 0) return Promise.all(pending).then(finish);
    finish();
    return undefined;
  }

  #account(engine: SimEngine): AccountInfo {
    const t = engine.totals();
    return {
      accountId: engine.config.accountId,
      currency: engine.config.currency,
      cash: t.cash.toNumber(),
      buyingPower: t.buyingPower.toNumber(),
      portfolioValue: t.equity.toNumber(),
      equity: t.equity.toNumber(),
      startOfDayEquity: t.startOfDayEquity.toNumber(),
      dayPnl: t.dayPnl.toNumber(),
      accountType: engine.config.accountType,
      paper: true,
      status: 'active',
      updatedAt: iso(engine.time),
      raw: {
        cash: exactText(t.cash), equity: exactText(t.equity), realizedPnl: exactText(t.realized),
        unrealizedPnl: exactText(t.unrealized), commissions: exactText(t.commissions), longMarketValue: exactText(t.longValue),
        shortMarketValue: exactText(t.shortValue), reserved: exactText(t.reserved), startOfDay: engine.startOfDay.date,
      },
    };
  }

  #positions(engine: SimEngine): Position[] {
    const out: Position[] = [];
    const symbols = [...engine.ledger.positions.keys()].sort();
    for (const symbol of symbols) {
      const p = engine.ledger.positions.get(symbol);
      if (!p || p.quantity.isZero()) continue;
      const qty = p.quantity;
      const cost = p.cost.abs();
      const pos: Position = {
        symbol,
        quantity: qty.toNumber(),
        side: qty.sign() > 0 ? 'long' : 'short',
        averageCost: cost.div(qty.abs(), 10).toNumber(),
        costBasis: cost.toNumber(),
        realizedPnl: p.realized.toNumber(),
        assetClass: 'us_equity',
        raw: { quantity: exactText(qty), cost: exactText(p.cost), realizedPnl: exactText(p.realized) },
      };
      const mark = engine.mark(symbol);
      if (mark) {
        const value = qty.mul(mark);
        pos.currentPrice = mark.toNumber();
        pos.marketValue = value.toNumber();
        pos.unrealizedPnl = value.sub(p.cost).toNumber();
      }
      out.push(pos);
    }
    return out;
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      while (this.#connected) {
        await this.#clock.sleep(this.config.pollMs);
        if (!this.#connected) break;
        try {
          await this.sync();
        } catch (error) {
          const e = error instanceof BrokerError ? error : new BrokerError(`sim price poll failed: ${(error as Error)?.message ?? String(error)}`, { broker: 'sim', cause: error });
          this.#logger.warn('sim price poll failed', { code: e.code });
          this.events.emit('error', e);
        }
      }
    } finally {
      this.#polling = false;
    }
  }
}

/** One `#run`: what it runs, and what it recorded for listeners. */
interface Operation<T> {
  fn: (engine: SimEngine) => T;
  mode: 'read' | 'change' | 'submit';
  events: EngineEvent[];
  account: AccountInfo | undefined;
  fnError: { error: unknown } | undefined;
  ran: boolean;
  out: T | undefined;
}

/** An operation ran but its state may not have been saved; `cause` says why. Internal. */
class Uncommitted extends Error {
  readonly events: EngineEvent[];
  readonly account: AccountInfo | undefined;
  constructor(cause: unknown, events: EngineEvent[], account: AccountInfo | undefined) {
    super('the state may not have been saved', { cause });
    this.events = events;
    this.account = account;
  }
}

/** Refuses a quote's field. */
function badTick(field: string, value: unknown): never {
  throw new InvalidOrderError(`Invalid quote: ${field}: must be a finite number${field.endsWith('Size') ? ' of 0 or more' : ' above 0'}, got ${String(value)}`, { field, broker: 'sim', outcome: 'denied' });
}

/** Cheap checks for the tick path: the quote's prices, sizes and time, by field. */
function checkTick(q: TickInput): void {
  const bad = badTick;
  const { bid, ask, last } = q;
  if (bid !== undefined && !(bid > 0 && bid < Infinity)) bad('bid', bid);
  if (ask !== undefined && !(ask > 0 && ask < Infinity)) bad('ask', ask);
  if (last !== undefined && !(last > 0 && last < Infinity)) bad('last', last);
  if (bid === undefined && ask === undefined && last === undefined) bad('last', last);
  if (q.bidSize !== undefined && !(q.bidSize >= 0 && q.bidSize < Infinity)) bad('bidSize', q.bidSize);
  if (q.askSize !== undefined && !(q.askSize >= 0 && q.askSize < Infinity)) bad('askSize', q.askSize);
  if (q.lastSize !== undefined && !(q.lastSize >= 0 && q.lastSize < Infinity)) bad('lastSize', q.lastSize);
  if (typeof q.symbol !== 'string' || q.symbol === '') {
    throw new InvalidOrderError('Invalid quote: symbol: must be a non-empty string', { field: 'symbol', broker: 'sim', outcome: 'denied' });
  }
  if (q.time !== undefined && !Number.isFinite(q.time)) {
    throw new InvalidOrderError(`Invalid quote: time: must be epoch milliseconds, got ${String(q.time)}`, { field: 'time', broker: 'sim', outcome: 'denied' });
  }
}

/**
 * A simulated account from a config input (validated: a bad setting is a `ConfigError` naming
 * it). Without `stateFile` the state lives in memory.
 *
 * @example
 * ```ts
 * const sim = createSimBroker({ initialCash: 50_000, prices: { kind: 'static', quotes: { AAPL: 187.23 } } })
 * ```
 */
export function createSimBroker(config: SimConfigInput = {}, options: SimBrokerOptions = {}): SimBroker {
  const parsed = parseConfig(SimConfigSchema as unknown as z.ZodType<SimConfig>, config, 'sim config', 'sim');
  return new SimBroker(parsed, options);
}

/**
 * The state file the plugin uses for an instance when the config names none.
 *
 * @example
 * ```ts
 * simStatePath({}, 'paper') // '/home/me/.invest/sim/paper.json'
 * ```
 */
export function simStatePath(config: Pick<SimConfig, 'stateFile' | 'home'>, name: string): string {
  if (config.stateFile !== undefined) return config.stateFile;
  return defaultStatePath(name, investHome(config.home));
}

