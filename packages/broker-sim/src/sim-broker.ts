import {
  BrokerError,
  clientOrderIdProblem,
  Decimal,
  InvalidOrderError,
  NotSupportedError,
  silentLogger,
  systemClock,
  UnknownOutcomeError,
  type AccountInfo,
  type BrokerAdapter,
  type BrokerEvents,
  type Capabilities,
  type Clock,
  type Fill,
  type Logger,
  type Order,
  type OrderFilter,
  type OrderReplace,
  type ParsedOrderRequest,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { EventEmitter } from 'eventemitter3';
import { accountInfo, ledgerOf, positionsOf, type SimLedger } from './broker/account-view.ts';
import { rememberAdapter } from './broker/adapter-lookup.ts';
import { OperationRunner, Uncommitted } from './broker/operation-runner.ts';
import { filterOrders, quoteOf } from './broker/order-queries.ts';
import { checkTick, type TickInput } from './broker/tick-check.ts';
import { simCapabilities } from './capabilities.ts';
import { MEMORY_STATE, type SimConfig } from './config.ts';
import { SimEngine, type EngineConfig } from './engine/engine.ts';
import { PENDING_CLIENT_ORDER_ID } from './engine/order-entry.ts';
import { serializeState } from './persistence/engine-state.ts';
import { SqliteStateStore } from './persistence/sqlite-store.ts';
import { simAccountKey, stateLocation } from './persistence/state-path.ts';
import { MemoryStateStore, type StateStore } from './persistence/state-store.ts';
import type { PriceSource, QuoteInput, SimQuote } from './prices/price-source.ts';
import { pricesFromConfig } from './prices/prices-from-config.ts';
import { toSimQuote } from './prices/quote-input.ts';
import { alwaysOpenCalendar } from './session/always-open-calendar.ts';
import type { SessionCalendar } from './session/calendar.ts';
import { usEquityCalendar } from './session/us-equity-calendar.ts';

export type { SimLedger } from './broker/account-view.ts';
export type { TickInput } from './broker/tick-check.ts';

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
   * State database; overrides `config.stateFile`. When neither gives one the state lives in memory
   * (the plugin, which the CLI uses, defaults to `<home>/state.db` instead).
   */
  stateFile?: string;
  /** A JSON state file of the previous release to import once (the plugin passes `<home>/sim/<name>.json`). */
  legacyStateFile?: string | undefined;
  /** Runs after each commit of the state; an error thrown from it is reported as a failed save. A seam for fault tests. */
  afterCommit?: () => void;
}

/** A submit's operation: the order placed, as callers see it. */
function placeOrder(engine: SimEngine, req: ParsedOrderRequest): Order {
  return engine.publicOrder(engine.submit(req));
}

/**
 * The simulator as a core `BrokerAdapter`: orders of every type rest in a price-indexed book and
 * fill against quotes by a fill model (bid / ask or last, slippage, commission, optional quoted
 * liquidity), cash and positions are kept exactly, and the account persists as rows of the SQLite
 * state database, one transaction per operation (or in memory). It takes trusted input: use it through
 * `createSimBroker` or `registry.create('sim', ...)`, which put core's `withValidation` in front.
 *
 * @example
 * ```ts
 * const sim = withValidation(new SimBroker(SimConfigSchema.parse({ session: 'always' })))
 * ```
 */
export class SimBroker implements BrokerAdapter {
  readonly name: string;
  readonly type = 'sim';
  readonly capabilities: Capabilities;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  readonly config: SimConfig;
  /** The state database, or undefined when the state lives in memory. */
  readonly stateFile: string | undefined;

  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #store: StateStore;
  readonly #memory: MemoryStateStore | undefined;
  readonly #ops: OperationRunner;
  #connected = false;
  #polling = false;

  constructor(config: SimConfig, options: SimBrokerOptions = {}) {
    this.config = config;
    this.name = options.name ?? 'sim';
    this.capabilities = simCapabilities(config);
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    const source = options.prices ?? pricesFromConfig(config.prices, config.seed);
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
      const where = stateLocation(file, options.legacyStateFile);
      this.stateFile = where.database;
      this.#store = new SqliteStateStore({
        path: where.database, account: simAccountKey(this.name), config: engineConfig, calendar, create,
        sync: config.stateSync, legacyFile: where.legacyFile, afterCommit: options.afterCommit,
      });
    }
    this.#ops = new OperationRunner({ store: this.#store, memory: this.#memory, source, clock: this.#clock, logger: this.#logger, events: this.events });
    rememberAdapter(this);
  }

  // ---------------------------------------------------------------- session

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

  // ---------------------------------------------------------------- order entry

  /**
   * Asked by core's edge for a request without a client order id: a placeholder the engine
   * replaces with the next `sim-NNNNNN` (deterministic, unlike core's random ids, and assigned
   * under the state's lock so two processes never take the same one).
   */
  generateClientOrderId(): string {
    return PENDING_CLIENT_ORDER_ID;
  }

  async submitOrder(req: ParsedOrderRequest): Promise<Order> {
    try {
      return await this.#ops.run([req.symbol], placeOrder, 'submit', req);
    } catch (error) {
      // The engine took the order, then saving the state failed: the write may or may not have
      // landed. Settle it by looking the order up, never by placing it again.
      if (!(error instanceof Uncommitted) || !error.out) throw error;
      const found = await this.#settle(error.out as Order, error.cause);
      this.#ops.emit(error.events, error.account);
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
    await this.#ops.run([], (engine) => engine.cancel(id), 'change');
  }

  async replaceOrder(id: string, changes: OrderReplace): Promise<Order> {
    this.#checkReplace(changes);
    return this.#ops.run([], (engine) => engine.publicOrder(engine.replace(id, changes)), 'change');
  }

  /**
   * What core's edge checks on a new order but not on a replace: a fractional quantity needs
   * fractions on (and a whole number of 1e-9 steps), a new client order id the simulator's rules.
   */
  #checkReplace(c: OrderReplace): void {
    if (c.quantity !== undefined && !Number.isInteger(c.quantity)) {
      if (!this.capabilities.fractional) {
        throw new NotSupportedError(`sim does not support fractional quantities (quantity ${c.quantity})`, { broker: 'sim', capability: 'fractional' });
      }
      const step = this.capabilities.fractionalIncrement ?? 1e-9;
      if (!Decimal.from(c.quantity).div(step, 0).mul(step).eq(c.quantity)) {
        throw new NotSupportedError(`sim does not support quantity ${c.quantity}: the smallest step is ${step}`, { broker: 'sim', capability: 'fractionalIncrement' });
      }
    }
    if (c.clientOrderId !== undefined) {
      const problem = clientOrderIdProblem(c.clientOrderId, this.capabilities.clientOrderId);
      if (problem) throw new InvalidOrderError(`Invalid replace: clientOrderId: ${problem}`, { field: 'clientOrderId', broker: 'sim', outcome: 'denied' });
    }
  }

  // ---------------------------------------------------------------- queries

  async getAccount(): Promise<AccountInfo> {
    return this.#ops.run([], accountInfo);
  }

  async getPositions(): Promise<Position[]> {
    return this.#ops.run([], positionsOf);
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    return this.#ops.run([symbol], (engine) => positionsOf(engine).find((p) => p.symbol === symbol));
  }

  async getOrder(id: string): Promise<Order> {
    return this.#ops.run([], (engine) => engine.publicOrder(engine.get(id)));
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    return this.#ops.run([], (engine) => {
      const o = engine.byClientId(clientOrderId);
      return o ? engine.publicOrder(o) : undefined;
    });
  }

  async listOrders(filter: OrderFilter): Promise<Order[]> {
    return this.#ops.run([], (engine) => filterOrders(engine, filter));
  }

  async getQuote(symbol: string): Promise<Quote> {
    return this.#ops.run([symbol], (engine) => quoteOf(engine, symbol));
  }

  // ---------------------------------------------------------------- market control

  /**
   * Pushes a quote into the market (tests, conformance, scripted scenarios): stops and trailing
   * stops see it, marketable resting orders fill against it, and it is persisted like any change.
   * Its time defaults to the clock's. `symbol` is trusted (`SimAccount.setQuote` parses it).
   *
   * @example
   * ```ts
   * await sim.setQuote('AAPL', { bid: 99.98, ask: 100.02, last: 100 })
   * ```
   */
  async setQuote(symbol: string, quote: QuoteInput): Promise<void> {
    const q = toSimQuote(symbol, quote, Number.NaN);
    await this.#ops.run([], (engine) => {
      engine.tick(q, Number.isNaN(q.time) ? Math.max(this.#clock.now(), engine.time) : q.time);
    });
  }

  /**
   * Applies one quote synchronously (in-memory simulators only: a state database needs `setQuote`).
   * This is the hot path of backtests: prices are checked, nothing else is allocated when no order
   * is reached.
   *
   * @example
   * ```ts
   * for (const q of prices.ticks()) sim.tick(q)
   * ```
   */
  tick(quote: TickInput): void {
    if (!this.#memory) throw new BrokerError('tick() needs an in-memory simulator; use setQuote() with a state database', { broker: 'sim' });
    checkTick(quote);
    const engine = this.#memory.engine();
    const e = this.events;
    const recording = e.listenerCount('order') + e.listenerCount('fill') > 0;
    engine.recording = recording;
    engine.ledgerChanged = false;
    engine.tick(quote, quote.time ?? this.#clock.now());
    if (recording && engine.events.length > 0) this.#ops.emit(engine.takeEvents());
    if (engine.ledgerChanged && this.events.listenerCount('account') > 0) this.events.emit('account', accountInfo(engine));
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
    return this.#ops.run([], (engine) => {
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
    await this.#ops.run([], () => undefined);
  }

  // ---------------------------------------------------------------- exact figures and state

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
    return this.#ops.run([], ledgerOf);
  }

  /** Every execution so far, oldest first. */
  async fills(): Promise<Fill[]> {
    return this.#ops.run([], (engine) => engine.fills.map((f) => ({ ...f })));
  }

  /** The account's state as canonical JSON (the export: the same bytes for the same seed and inputs), in memory mode too. */
  async exportState(): Promise<string> {
    if (this.#memory) return serializeState(this.#memory.engine());
    return this.#store.exportState();
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
