import {
  assertSupported, ConfigError, generateClientOrderId, isBrokerError, NotSupportedError, outcomeOf, parseOrderRequest,
  resolveUnknownOutcome, RiskLimitError, silentLogger, systemClock, type Broker, type Clock, type Logger, type Order, type OrderRequest,
  type OrderRequestInput, type Quote,
} from '@invest/broker-core';
import { consolidateAccounts, consolidatePositions, type AccountTotals, type ConsolidatedPosition } from '../consolidation/positions.ts';
import { splitQuantity } from '../distribution/split.ts';
import type { OrderJournal, ReconcileResult } from '../journal/journal.ts';
import { compareQuotes, type QuoteComparison } from '../quotes/compare.ts';
import { planRebalance, type RebalancePlan, type RebalanceTarget } from '../rebalance/plan.ts';
import { checkRisk, orderDelta, protectiveStopPrice, referencePrice } from '../risk/engine.ts';
import type { RiskSettings } from '../risk/settings.ts';
import type { AddBrokerOptions, BrokerStatus, DistributionLeg, DistributionResult, PerBrokerResult } from './types.ts';

interface Entry {
  name: string;
  broker: Broker;
  weight: number;
  risk: RiskSettings;
  paper: boolean;
}

export interface ManagerOptions {
  /** Order journal: intents written before sending, reconciled before the first new order. */
  journal?: OrderJournal;
  /** Limits across all brokers together. */
  risk?: RiskSettings;
  clock?: Clock;
  logger?: Logger;
  /** Lookups before an unknown outcome is reported as still unknown. Default 3. */
  lookupAttempts?: number;
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * Many broker accounts as one: orders to one broker or split across several by weight, one
 * consolidated portfolio, per-broker and global risk limits, and a journal so a crash between
 * sending an order and hearing back loses nothing and duplicates nothing.
 *
 * @example
 * ```ts
 * const manager = new MultiBrokerManager({ risk: { max_daily_loss: 2000 } })
 * manager.addBroker('paper-a', simA, { isDefault: true, weight: 2 })
 * manager.addBroker('paper-b', simB)
 * await manager.connectAll()
 * const result = await manager.submitOrderDistributed({ symbol: 'AAPL', side: 'buy', quantity: 30 })
 * ```
 */
export class MultiBrokerManager {
  readonly #entries = new Map<string, Entry>();
  #default: string | undefined;
  readonly #journal: OrderJournal | undefined;
  readonly #globalRisk: RiskSettings;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #lookupAttempts: number;
  #reconciled: Promise<ReconcileResult[]> | undefined;

  /** Builds a manager from `<INVEST_HOME>/brokers.json`; see `managerFromConfig`. */
  static fromConfig(options: import('./from-config.ts').FromConfigOptions): Promise<MultiBrokerManager> {
    return import('./from-config.ts').then((m) => m.managerFromConfig(options));
  }

  constructor(options: ManagerOptions = {}) {
    this.#journal = options.journal;
    this.#globalRisk = options.risk ?? {};
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
    this.#lookupAttempts = options.lookupAttempts ?? 3;
  }

  addBroker(name: string, broker: Broker, options: AddBrokerOptions = {}): this {
    if (this.#entries.has(name)) throw new ConfigError(`A broker named "${name}" is already added`, { path: name });
    const weight = options.weight ?? 1;
    if (!(Number.isFinite(weight) && weight >= 0)) throw new ConfigError(`weight of ${name}: must be a number >= 0, got ${weight}`, { path: `${name}.weight` });
    this.#entries.set(name, { name, broker, weight, risk: options.risk ?? {}, paper: options.paper ?? true });
    if (options.isDefault || this.#default === undefined) this.#default = name;
    return this;
  }

  removeBroker(name: string): boolean {
    const removed = this.#entries.delete(name);
    if (this.#default === name) this.#default = this.#entries.keys().next().value;
    return removed;
  }

  /** The broker added under `name`; `ConfigError` naming the known ones otherwise. */
  get(name: string): Broker {
    return this.#entry(name).broker;
  }

  get names(): string[] {
    return [...this.#entries.keys()];
  }

  get defaultBroker(): string | undefined {
    return this.#default;
  }

  #entry(name: string | undefined): Entry {
    const key = name ?? this.#default;
    const entry = key === undefined ? undefined : this.#entries.get(key);
    if (!entry) {
      const known = this.names.join(', ') || 'none';
      throw new ConfigError(key === undefined ? 'No broker given and no default broker is set' : `Unknown broker "${key}" (configured: ${known})`, { path: 'broker' });
    }
    return entry;
  }

  /** Runs `fn` on every broker at once; one failure stops no other. */
  async #all<T>(fn: (e: Entry) => Promise<T>, names: string[] = this.names): Promise<PerBrokerResult<T>[]> {
    const settled = await Promise.allSettled(names.map((n) => fn(this.#entry(n))));
    return settled.map((s, i) => (s.status === 'fulfilled' ? { broker: names[i]!, ok: true, value: s.value } : { broker: names[i]!, ok: false, error: toError(s.reason) }));
  }

  /** Connects every broker concurrently and reports each; then reconciles the journal. */
  async connectAll(): Promise<PerBrokerResult[]> {
    const results = await this.#all((e) => e.broker.connect());
    await this.reconcile().catch((error) => this.#log.warn('journal reconciliation failed', { error }));
    return results;
  }

  async disconnectAll(): Promise<PerBrokerResult[]> {
    return this.#all((e) => e.broker.disconnect());
  }

  status(): BrokerStatus[] {
    return [...this.#entries.values()].map((e) => ({
      name: e.name, type: e.broker.type, connected: e.broker.connected, isDefault: e.name === this.#default, paper: e.paper, weight: e.weight, risk: e.risk,
    }));
  }

  /**
   * Settles journal intents left without an answer (a crash, a lost connection) by looking each
   * order up by its client order id. Runs once; every order submission waits for it first.
   */
  reconcile(): Promise<ReconcileResult[]> {
    this.#reconciled ??= this.#journal
      ? this.#journal.reconcile((broker, id) => this.#entry(broker).broker.findOrderByClientId(id)).then((results) => {
          for (const r of results) this.#log.info('journal reconciled', { broker: r.broker, clientOrderId: r.clientOrderId, kind: r.kind, orderId: r.order?.id });
          return results;
        })
      : Promise.resolve([]);
    return this.#reconciled;
  }

  /**
   * Sends one order to `name` (the default broker when undefined): validated and checked against
   * capabilities and risk before anything is sent, journaled, and, when the answer is lost, looked
   * up rather than sent again.
   */
  async submitOrder(name: string | undefined, input: OrderRequestInput): Promise<Order> {
    const entry = this.#entry(name);
    const caps = entry.broker.capabilities;
    const req = parseOrderRequest(input, { broker: entry.broker.type, clientOrderId: caps.clientOrderId });
    assertSupported(req, caps, entry.broker.type);
    await this.reconcile();
    const prepared = await this.#prepare(entry, req, req);
    return this.#send(entry, prepared.request, prepared.stopAfterFill);
  }

  /**
   * Risk checks (the broker's own limits, then the global ones for `whole`, the complete order)
   * and the protective stop `stop_loss_pct` asks for: an OTO stop leg where the broker takes one,
   * otherwise a stop order sent once the entry has filled.
   */
  async #prepare(entry: Entry, req: OrderRequest, whole: OrderRequest): Promise<{ request: OrderRequest; stopAfterFill?: number }> {
    const needsQuote = req.limitPrice === undefined && req.stopPrice === undefined;
    const [quote, account, position] = await Promise.all([
      needsQuote ? entry.broker.getQuote(req.symbol) : Promise.resolve(undefined as Quote | undefined),
      entry.broker.getAccount(),
      entry.broker.getPosition(req.symbol),
    ]);
    const price = referencePrice(req, quote);
    if (price === undefined) throw new NotSupportedError(`No price for ${req.symbol} at ${entry.name}: cannot check risk limits`, { broker: entry.broker.type, capability: 'quotes' });
    const held = position?.quantity ?? 0;
    const after = held + orderDelta(req, price).toNumber();
    if (!entry.broker.capabilities.shortSelling && after < -1e-9) {
      // Selling more than is held opens a short: refuse it here, by name, before the broker does.
      throw new RiskLimitError(
        `Risk limit short_selling (${entry.name}): selling ${orderDelta(req, price).abs()} ${req.symbol} with ${held} held would leave ${after}; ${entry.name} does not allow short selling`,
        { rule: 'short_selling', limit: 0, actual: after, broker: entry.name },
      );
    }
    checkRisk(req, entry.risk, { scope: entry.name, account, positionQuantity: held, price });
    if (Object.keys(this.#globalRisk).length > 0 && req === whole) await this.#checkGlobal(whole, price);

    const pct = entry.risk.stop_loss_pct ?? this.#globalRisk.stop_loss_pct;
    const addsRisk = Math.abs(after) > Math.abs(held);
    if (pct === undefined || req.orderClass !== 'simple' || !addsRisk) return { request: req };
    const stopPrice = protectiveStopPrice(req.side, price, pct);
    if (entry.broker.capabilities.orderClasses.includes('oto')) {
      return { request: parseOrderRequest({ ...req, orderClass: 'oto', stopLoss: { stopPrice } }, { clientOrderId: entry.broker.capabilities.clientOrderId }) };
    }
    return { request: req, stopAfterFill: stopPrice };
  }

  /** The global limits, judged on the sum of every broker's balances and holdings. */
  async #checkGlobal(req: OrderRequest, price: number): Promise<void> {
    const accounts = await this.#all((e) => e.broker.getAccount());
    const positions = await this.#all((e) => e.broker.getPosition(req.symbol));
    const failed = [...accounts, ...positions].find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error; // a limit across all brokers cannot be judged on part of them
    const okAccounts = accounts.flatMap((r) => (r.ok ? [{ broker: r.broker, account: r.value }] : []));
    const totals = consolidateAccounts(okAccounts);
    if (totals.length !== 1) throw new ConfigError('Global risk limits need every broker in one currency', { path: 'risk' });
    const t = totals[0]!;
    const held = positions.reduce((sum, r) => sum + (r.ok ? (r.value?.quantity ?? 0) : 0), 0);
    checkRisk(req, this.#globalRisk, {
      scope: 'all brokers', positionQuantity: held, price,
      account: { cash: t.cash, equity: t.equity, portfolioValue: t.portfolioValue, currency: t.currency, ...(t.startOfDayEquity !== undefined ? { startOfDayEquity: t.startOfDayEquity } : {}), ...(t.dayPnl !== undefined ? { dayPnl: t.dayPnl } : {}) },
    });
  }

  async #send(entry: Entry, req: OrderRequest, stopAfterFill?: number): Promise<Order> {
    await this.#journal?.recordIntent(entry.name, req);
    let order: Order;
    try {
      order = await entry.broker.submitOrder(req);
      await this.#journal?.recordAccepted(entry.name, order);
    } catch (error) {
      await this.#journal?.recordFailure(entry.name, req.clientOrderId, error);
      if (outcomeOf(error) !== 'unknown') throw error;
      this.#log.warn('order outcome unknown; looking it up', { broker: entry.name, clientOrderId: req.clientOrderId });
      order = await resolveUnknownOutcome(req.clientOrderId, (id) => entry.broker.findOrderByClientId(id), {
        clock: this.#clock, broker: entry.broker.type, attempts: this.#lookupAttempts, cause: error,
      });
      await this.#journal?.recordFound(entry.name, order);
    }
    if (stopAfterFill !== undefined) this.#protectOnFill(entry, order, stopAfterFill);
    return order;
  }

  /** Where a broker takes no OTO leg: once the entry fills, send a stop for the filled quantity. */
  #protectOnFill(entry: Entry, entryOrder: Order, stopPrice: number): void {
    const place = (filled: Order): void => {
      const side = filled.side === 'buy' ? 'sell' : 'buy';
      const quantity = filled.filledQuantity;
      void this.submitOrder(entry.name, { symbol: filled.symbol, side, quantity, type: 'stop', stopPrice, timeInForce: 'gtc' }).catch((error) =>
        this.#log.error('protective stop could not be placed', { broker: entry.name, symbol: filled.symbol, error }),
      );
    };
    if (entryOrder.status === 'filled') return place(entryOrder);
    const onOrder = (o: Order): void => {
      if (o.id !== entryOrder.id) return;
      if (o.status === 'filled') place(o);
      if (['filled', 'canceled', 'rejected', 'expired'].includes(o.status)) entry.broker.events.off('order', onOrder);
    };
    entry.broker.events.on('order', onOrder);
  }

  /**
   * Splits one order across brokers by weight (largest remainder, whole shares unless the order is
   * fractional and every receiving broker takes fractions), skipping brokers that cannot take it
   * and saying why, checks every leg against risk before any leg is sent, then sends the legs
   * concurrently and reports each one's outcome. A partial failure is reported, never hidden.
   */
  async submitOrderDistributed(input: OrderRequestInput, options: { brokers?: string[] } = {}): Promise<DistributionResult> {
    const req = parseOrderRequest(input);
    const names = options.brokers ?? this.names;
    const skipped: DistributionLeg[] = [];
    const eligible: Entry[] = [];
    const fractional = req.quantity !== undefined && !Number.isInteger(req.quantity);
    for (const name of names) {
      const entry = this.#entry(name);
      const caps = entry.broker.capabilities;
      if (entry.weight === 0) {
        skipped.push({ broker: name, status: 'skipped', quantity: 0, reason: 'weight is 0' });
        continue;
      }
      try {
        // Judge the order's kind here; the leg's own quantity is judged below once it is known.
        assertSupported({ ...req, quantity: req.quantity === undefined ? undefined : 1 }, caps, entry.broker.type);
        if (fractional && !caps.fractional) throw new NotSupportedError(`${entry.broker.type} does not support fractional quantities`, { capability: 'fractional' });
        eligible.push(entry);
      } catch (error) {
        skipped.push({ broker: name, status: 'skipped', quantity: 0, reason: toError(error).message });
      }
    }
    if (eligible.length === 0) {
      throw new NotSupportedError(`No broker can take this order: ${skipped.map((s) => `${s.broker}: ${(s as { reason: string }).reason}`).join('; ')}`, { capability: 'distribution' });
    }
    const total = req.quantity ?? req.notional!;
    const unit = req.notional !== undefined ? 0.01 : fractional ? Math.max(...eligible.map((e) => e.broker.capabilities.fractionalIncrement ?? 1e-9)) : 1;
    const split = splitQuantity(total, eligible.map((e) => ({ name: e.name, weight: e.weight })), unit);

    // Build and check every leg before any is sent.
    await this.reconcile();
    // Every leg is built and judged (concurrently: they are reads) before any leg is sent.
    const settled = await Promise.allSettled(split.map(async (part, i) => {
      const entry = eligible[i]!;
      if (part.quantity === 0) {
        skipped.push({ broker: entry.name, status: 'skipped', quantity: 0, reason: `its share (${part.exact}) rounds to 0` });
        return undefined;
      }
      const caps = entry.broker.capabilities;
      const legInput = { ...req, clientOrderId: generateClientOrderId(caps.clientOrderId), ...(req.notional !== undefined ? { notional: part.quantity } : { quantity: part.quantity }) };
      const legReq = parseOrderRequest(legInput, { broker: entry.broker.type, clientOrderId: caps.clientOrderId });
      assertSupported(legReq, caps, entry.broker.type);
      const prepared = await this.#prepare(entry, legReq, req);
      return { entry, ...prepared, amount: part.quantity };
    }));
    // Report the first refusal in broker order, whichever check finished first.
    const refused = settled.find((r) => r.status === 'rejected');
    if (refused) throw (refused as PromiseRejectedResult).reason;
    const legs = settled.flatMap((r) => (r.status === 'fulfilled' && r.value !== undefined ? [r.value] : []));
    if (Object.keys(this.#globalRisk).length > 0 && legs.length > 0) {
      const first = legs[0]!;
      const quote = req.limitPrice === undefined && req.stopPrice === undefined ? await first.entry.broker.getQuote(req.symbol) : undefined;
      const price = referencePrice(req, quote);
      if (price !== undefined) await this.#checkGlobal(req, price);
    }

    const sent = await Promise.all(legs.map(async (leg): Promise<DistributionLeg> => {
      try {
        const order = await this.#send(leg.entry, leg.request, leg.stopAfterFill);
        return { broker: leg.entry.name, status: 'accepted', quantity: leg.amount, order };
      } catch (error) {
        const kind = outcomeOf(error);
        return { broker: leg.entry.name, status: kind === 'unknown' ? 'unknown' : 'rejected', quantity: leg.amount, clientOrderId: leg.request.clientOrderId, error: isBrokerError(error) ? error : toError(error) };
      }
    }));
    const accepted = sent.filter((l) => l.status === 'accepted').reduce((s, l) => s + l.quantity, 0);
    const order = [...sent, ...skipped].sort((a, b) => names.indexOf(a.broker) - names.indexOf(b.broker));
    return { request: req, legs: order, acceptedQuantity: accepted, complete: sent.every((l) => l.status === 'accepted') && Math.abs(accepted - total) < 1e-9 };
  }

  /** Positions by symbol across every broker; a broker that fails is reported, not dropped silently. */
  async getConsolidatedPositions(): Promise<{ positions: ConsolidatedPosition[]; errors: PerBrokerResult<never>[] }> {
    const results = await this.#all((e) => e.broker.getPositions());
    return {
      positions: consolidatePositions(results.flatMap((r) => (r.ok ? [{ broker: r.broker, positions: r.value }] : []))),
      errors: results.filter((r): r is PerBrokerResult<never> & { ok: false } => !r.ok),
    };
  }

  /** Account totals per currency across every broker, with each broker's failure reported. */
  async getConsolidatedAccount(): Promise<{ totals: AccountTotals[]; errors: PerBrokerResult<never>[] }> {
    const results = await this.#all((e) => e.broker.getAccount());
    return {
      totals: consolidateAccounts(results.flatMap((r) => (r.ok ? [{ broker: r.broker, account: r.value }] : []))),
      errors: results.filter((r): r is PerBrokerResult<never> & { ok: false } => !r.ok),
    };
  }

  /** Best bid / best ask for `symbol` across brokers, and whether one broker's bid crosses another's ask. */
  async compareQuotes(symbol: string): Promise<QuoteComparison & { errors: PerBrokerResult<never>[] }> {
    const results = await this.#all((e) => e.broker.getQuote(symbol));
    const comparison = compareQuotes(symbol.toUpperCase(), results.flatMap((r) => (r.ok ? [{ broker: r.broker, quote: r.value }] : [])));
    return { ...comparison, errors: results.filter((r): r is PerBrokerResult<never> & { ok: false } => !r.ok) };
  }

  /**
   * A plan of trades that brings holdings to `targets` (see `planRebalance`), priced at each
   * symbol's mid quote (or last) from the first broker that answers. Nothing is sent: show the
   * plan, then `executeRebalance` it.
   */
  async planRebalance(targets: readonly RebalanceTarget[], options: { tolerance?: number } = {}): Promise<RebalancePlan> {
    const [positions, accounts] = await Promise.all([this.#all((e) => e.broker.getPositions()), this.#all((e) => e.broker.getAccount())]);
    const failed = [...positions, ...accounts].find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error; // a plan on part of the portfolio would be wrong
    const prices: Record<string, number> = {};
    for (const t of targets) {
      const symbol = t.symbol.toUpperCase();
      if (prices[symbol] !== undefined) continue;
      const quotes = await this.#all((e) => e.broker.getQuote(symbol));
      const quote = quotes.find((q) => q.ok)?.value as Quote | undefined;
      const mid = quote?.bid !== undefined && quote.ask !== undefined ? (quote.bid + quote.ask) / 2 : quote?.last;
      if (mid !== undefined) prices[symbol] = Math.round(mid * 1e4) / 1e4;
    }
    return planRebalance({
      targets: targets.map((t) => ({ ...t, symbol: t.symbol.toUpperCase() })),
      holdings: positions.flatMap((r) => (r.ok ? r.value.map((p) => ({ broker: r.broker, symbol: p.symbol, quantity: p.quantity })) : [])),
      balances: accounts.flatMap((r) => (r.ok ? [{ broker: r.broker, cash: r.value.cash, portfolioValue: r.value.portfolioValue }] : [])),
      prices,
      ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    });
  }

  /**
   * Sends a plan's trades as market orders, sells first, each through risk checks and the
   * journal. Stops at the first trade that fails and reports what was done.
   */
  async executeRebalance(plan: RebalancePlan): Promise<{ done: Order[]; failed?: { trade: RebalancePlan['trades'][number]; error: Error } }> {
    const done: Order[] = [];
    for (const trade of plan.trades) {
      try {
        done.push(await this.submitOrder(trade.broker, { symbol: trade.symbol, side: trade.side, quantity: trade.quantity, type: 'market' }));
      } catch (error) {
        return { done, failed: { trade, error: toError(error) } };
      }
    }
    return { done };
  }
}
