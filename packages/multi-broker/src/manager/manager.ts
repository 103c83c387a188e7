import { ConfigError, parseOrderRequest, silentLogger, type AccountInfo, type Broker, type Logger, type Order, type OrderRequestInput } from '@invest/broker-core';
import { consolidateAccounts, consolidatePositions, type AccountTotals, type ConsolidatedPosition } from '../consolidation/positions.ts';
import type { PortfolioHistory } from '../history/portfolio-history.ts';
import type { HistoryQuery, PortfolioHistoryRows } from '../history/history-types.ts';
import type { OrderJournal } from '../journal/journal.ts';
import type { ReconcileResult } from '../journal/journal-types.ts';
import { compareQuotes, type QuoteComparison } from '../quotes/compare.ts';
import { planRebalance, type RebalancePlan, type RebalanceTarget } from '../rebalance/plan.ts';
import { GlobalRisk } from '../risk/global.ts';
import type { RiskSettings } from '../risk/settings.ts';
import { withHistory } from '../wrappers/history.ts';
import { withJournal } from '../wrappers/journal.ts';
import { layersOf } from '../wrappers/layers.ts';
import { withProtectiveStop } from '../wrappers/protective-stop.ts';
import { withRisk } from '../wrappers/risk.ts';
import { distributeOrder } from './distribute.ts';
import { fanOut, toError, type Target } from './fan-out.ts';
import { locateOrder, type LocatedOrder } from './locate-order.ts';
import { nameAccount } from './name-account.ts';
import type { AddBrokerOptions, BrokerStatus, DistributionResult, PerBrokerResult } from './types.ts';

interface Entry extends Target {
  weight: number;
  paper: boolean;
}

export interface ManagerOptions {
  /** Order journal: reconciled before the first new order; brokers added without a journal layer get one on it. */
  journal?: OrderJournal;
  /**
   * Portfolio history: every consolidated read (`getAccounts`, `getConsolidatedAccount`) records
   * each account's figures, and brokers added without a history layer get `withHistory` outermost.
   */
  history?: PortfolioHistory;
  /** Limits across all brokers together (see `GlobalRisk`). */
  risk?: RiskSettings;
  logger?: Logger;
}

type Failures = PerBrokerResult<never>[];

/** An open order's unfilled quantity, signed (+ buy, - sell); a notional order whose share count is not known yet counts nothing. */
function openQuantity(broker: string, o: Order): { broker: string; symbol: string; quantity: number }[] {
  const left = o.quantity !== undefined ? o.quantity - o.filledQuantity : undefined;
  if (left === undefined || left <= 0) return [];
  return [{ broker, symbol: o.symbol, quantity: o.side === 'buy' ? left : -left }];
}
const failures = (results: PerBrokerResult<unknown>[]): Failures => results.filter((r): r is PerBrokerResult<never> & { ok: false } => !r.ok);

/**
 * Many broker accounts as one: a registry of named brokers, orders to one of them or split across
 * several by weight, one consolidated portfolio, and queries that run on every broker at once.
 * Risk limits, the journal and the protective stop are wrappers around each broker
 * (`withRisk`, `withJournal`, `withProtectiveStop`); `addBroker` adds the ones a broker lacks.
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
  readonly #history: PortfolioHistory | undefined;
  readonly #log: Logger;
  #reconciled: Promise<ReconcileResult[]> | undefined;
  /** Accounts that could not be reached (last connect failed, or reads failed while judging a leg), and why. */
  readonly #unreachable = new Map<string, Error>();
  /** The global limits; give it to `withRisk` for brokers wrapped before they are added. */
  readonly globalRisk: GlobalRisk;

  /** Builds a manager from `<INVEST_HOME>/brokers.json`; see `managerFromConfig`. */
  static fromConfig(options: import('./from-config.ts').FromConfigOptions): Promise<MultiBrokerManager> {
    return import('./from-config.ts').then((m) => m.managerFromConfig(options));
  }

  constructor(options: ManagerOptions = {}) {
    this.#journal = options.journal;
    this.#history = options.history;
    this.#log = options.logger ?? silentLogger;
    // An account that cannot be reached is left out of the global limits' totals: its numbers are
    // unknown, and no order can be sent to it anyway. Without this one account down stops every order.
    this.globalRisk = new GlobalRisk(options.risk ?? {}, () => [...this.#entries.values()].filter((e) => !this.#unreachable.has(e.name)));
  }

  /**
   * Adds `broker` under `name`. A broker without a risk layer gets one (`options.risk`, the short
   * selling rule and the global limits; with `stop_loss_pct`, here or global, a protective stop
   * under it), and, when the manager has a journal, a journal layer outermost. A broker already
   * wrapped with `withRisk` keeps its own limits: giving `options.risk` too is a `ConfigError`.
   */
  addBroker(name: string, broker: Broker, options: AddBrokerOptions = {}): this {
    if (this.#entries.has(name)) throw new ConfigError(`A broker named "${name}" is already added`, { path: name });
    const weight = options.weight ?? 1;
    if (!(Number.isFinite(weight) && weight >= 0)) throw new ConfigError(`weight of ${name}: must be a number >= 0, got ${weight}`, { path: `${name}.weight` });
    this.#entries.set(name, { name, broker: this.#complete(name, broker, options.risk), weight, paper: options.paper ?? true });
    if (options.isDefault || this.#default === undefined) this.#default = name;
    return this;
  }

  #complete(name: string, broker: Broker, risk: RiskSettings | undefined): Broker {
    const has = layersOf(broker);
    if (has.risk && risk !== undefined) throw new ConfigError(`${name} already has risk limits (withRisk): give them there, not to addBroker`, { path: `${name}.risk` });
    let b = broker;
    if (!has.risk) {
      const stopLossPct = risk?.stop_loss_pct ?? this.globalRisk.settings.stop_loss_pct;
      if (stopLossPct !== undefined && !has.stop) b = withProtectiveStop(b, { name, stopLossPct, logger: this.#log });
      b = withRisk(b, { name, settings: risk ?? {}, global: this.globalRisk });
    }
    const journal = this.#journal;
    if (journal && !has.journal) b = withJournal(b, { name, journal });
    if (this.#history && !has.history) b = withHistory(b, { name, history: this.#history, logger: this.#log, ...(journal ? { placed: (id: string) => journal.knows(name, id) } : {}) });
    return b;
  }

  removeBroker(name: string): boolean {
    const removed = this.#entries.delete(name);
    if (this.#default === name) this.#default = this.#entries.keys().next().value;
    return removed;
  }

  /** The broker added under `name`, with its layers; `ConfigError` naming the known ones otherwise. */
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

  #all<T>(fn: (broker: Broker) => Promise<T>): Promise<PerBrokerResult<T>[]> {
    return fanOut([...this.#entries.values()], fn);
  }

  /**
   * Connects every broker concurrently and reports each; then reconciles the journal. A broker
   * whose connect fails is remembered as unreachable (see `unreachable`) until a later connect works.
   */
  async connectAll(): Promise<PerBrokerResult[]> {
    const results = await this.#all((b) => b.connect());
    for (const r of results) {
      if (r.ok) this.#unreachable.delete(r.broker);
      else this.#unreachable.set(r.broker, r.error);
    }
    await this.reconcile().catch((error) => this.#log.warn('journal reconciliation failed', { error }));
    return results;
  }

  /** Disconnects every broker concurrently and reports each. The journal and history stay open. */
  async disconnectAll(): Promise<PerBrokerResult[]> {
    return this.#all((b) => b.disconnect());
  }

  /** Why `name` could not be reached (its last connect failed), or undefined. */
  unreachable(name: string): Error | undefined {
    return this.#unreachable.get(name);
  }

  /**
   * Which account holds order `id`: the one named, else every account is asked. An id on more
   * than one account (simulation accounts number orders alike) is refused with
   * `AmbiguousOrderIdError` naming them; see `locateOrder`.
   */
  locateOrder(id: string, options: { broker?: string } = {}): Promise<LocatedOrder> {
    return Promise.resolve().then(() => locateOrder(
      options.broker !== undefined ? [this.#entry(options.broker)] : [...this.#entries.values()], id, { unreachable: (name) => this.#unreachable.get(name) },
    ));
  }

  status(): BrokerStatus[] {
    return [...this.#entries.values()].map((e) => ({
      name: e.name, type: e.broker.type, connected: e.broker.connected, isDefault: e.name === this.#default, paper: e.paper, weight: e.weight,
      risk: layersOf(e.broker).risk?.settings ?? {},
    }));
  }

  /**
   * Settles journal intents left without an answer (a crash, a lost connection) by looking each
   * order up by its client order id. Runs once; every order submission waits for it first.
   */
  reconcile(): Promise<ReconcileResult[]> {
    this.#reconciled ??= this.#journal
      ? this.#journal.reconcile((broker, id) => this.#entry(broker).broker.findOrderByClientId(id), {
          // Intents of accounts this manager does not hold, or could not reach, wait for a process that can ask.
          canLookUp: (broker) => this.#entries.has(broker) && !this.#unreachable.has(broker),
        }).then((results) => {
          for (const r of results) {
            const fields = { broker: r.broker, clientOrderId: r.clientOrderId, kind: r.kind, orderId: r.order?.id, lookups: r.lookups };
            if (r.kind === 'found_after_absent') this.#log.warn('journal: an order recorded absent is at the broker', fields);
            else this.#log.info('journal reconciled', fields);
          }
          return results;
        })
      : Promise.resolve([]);
    return this.#reconciled;
  }

  /**
   * Sends one order to `name` (the default broker when undefined). It is parsed here, once, with
   * that broker's rules; its layers (risk, journal, stop, validation) do the rest.
   */
  async submitOrder(name: string | undefined, input: OrderRequestInput): Promise<Order> {
    const { broker } = this.#entry(name);
    const req = parseOrderRequest(input, { broker: broker.type, clientOrderId: broker.capabilities.clientOrderId });
    await this.reconcile();
    return broker.submitOrder(req);
  }

  /**
   * Splits one order across brokers by weight (largest remainder, whole shares unless the order is
   * fractional and every receiving broker takes fractions), skipping brokers that cannot take it
   * and saying why, reporting an unreachable broker's leg without re-spreading it, checks every leg and the whole order against risk before any leg is sent,
   * then sends the legs concurrently and reports each one's outcome. See `distributeOrder`.
   */
  submitOrderDistributed(input: OrderRequestInput, options: { brokers?: string[] } = {}): Promise<DistributionResult> {
    return Promise.resolve().then(() => distributeOrder(input, {
      recipients: (options.brokers ?? this.names).map((n) => {
        const entry = this.#entry(n);
        const down = this.#unreachable.get(n);
        return down ? { ...entry, unreachable: down } : entry;
      }),
      global: this.globalRisk,
      beforeSending: () => this.reconcile(),
      onUnreachable: (name, error) => this.#unreachable.set(name, error),
    }));
  }

  /** Positions by symbol across every broker; a broker that fails is reported, not dropped silently. */
  async getConsolidatedPositions(): Promise<{ positions: ConsolidatedPosition[]; errors: Failures }> {
    const results = await this.#all((b) => b.getPositions());
    return { positions: consolidatePositions(results.flatMap((r) => (r.ok ? [{ broker: r.broker, positions: r.value }] : []))), errors: failures(results) };
  }

  /**
   * Every broker's account, read concurrently, each result reported (with `skipUnreachable`, an
   * account whose last connect failed is not asked again); with a history, the figures
   * of those that answered are recorded (a failure to record is logged, never fails the read).
   */
  async getAccounts(options: { skipUnreachable?: boolean } = {}): Promise<PerBrokerResult<AccountInfo>[]> {
    const results = await fanOut([...this.#entries.values()], (b, name) => {
      const down = options.skipUnreachable ? this.#unreachable.get(name) : undefined;
      return down ? Promise.reject(down) : b.getAccount();
    });
    this.recordAccounts(results.flatMap((r) => (r.ok ? [{ broker: r.broker, account: r.value }] : [])));
    return results;
  }

  /** Whether this manager records portfolio history (see `history`). */
  get keepsHistory(): boolean {
    return this.#history !== undefined;
  }

  /**
   * Records account figures read elsewhere (a dashboard reading each account itself) in the
   * history, as `getAccounts` does; no row when an account's figures did not change. Without a
   * history it does nothing; a failure to record is logged, never thrown.
   *
   * @example
   * ```ts
   * manager.recordAccounts([{ broker: 'paper-1', account: await manager.get('paper-1').getAccount() }])
   * ```
   */
  recordAccounts(accounts: readonly { broker: string; account: AccountInfo }[]): void {
    if (!this.#history || accounts.length === 0) return;
    try {
      this.#history.recordAccounts(accounts);
    } catch (error) {
      this.#log.warn('portfolio history: could not record account figures', { error });
    }
  }

  /**
   * Recorded account figures and fills (see `PortfolioHistory.history`); no broker is called.
   * `ConfigError` when the manager keeps no history.
   *
   * @example
   * ```ts
   * const { accounts } = manager.history({ from: Date.now() - 7 * 86_400_000, broker: 'paper-1' })
   * ```
   */
  history(query: HistoryQuery = {}): PortfolioHistoryRows {
    if (!this.#history) throw new ConfigError('This manager keeps no portfolio history (give it `history`)', { path: 'history' });
    return this.#history.history(query);
  }

  /** Account totals per currency across every broker, with each broker's failure reported (and recorded, see `getAccounts`). */
  async getConsolidatedAccount(): Promise<{ totals: AccountTotals[]; errors: Failures }> {
    const results = await this.getAccounts();
    return { totals: consolidateAccounts(results.flatMap((r) => (r.ok ? [{ broker: r.broker, account: r.value }] : []))), errors: failures(results) };
  }

  /** Best bid / best ask for `symbol` across brokers, and whether one broker's bid crosses another's ask. */
  async compareQuotes(symbol: string): Promise<QuoteComparison & { errors: Failures }> {
    const results = await this.#all((b) => b.getQuote(symbol));
    const comparison = compareQuotes(symbol.toUpperCase(), results.flatMap((r) => (r.ok ? [{ broker: r.broker, quote: r.value }] : [])));
    return { ...comparison, errors: failures(results) };
  }

  /**
   * A plan of trades that brings holdings to `targets` (see `planRebalance`), priced at each
   * symbol's mid quote (or last) from the first broker that answers. Nothing is sent: show the
   * plan, then `executeRebalance` it.
   */
  async planRebalance(targets: readonly RebalanceTarget[], options: { tolerance?: number } = {}): Promise<RebalancePlan> {
    const [positions, accounts, open] = await Promise.all([
      this.#all((b) => b.getPositions()), this.#all((b) => b.getAccount()), this.#all((b) => b.listOrders({ status: 'open' })),
    ]);
    const failed = [...positions, ...accounts, ...open].find((r) => !r.ok);
    if (failed && !failed.ok) throw nameAccount(failed.error, failed.broker); // a plan on part of the portfolio would be wrong
    const prices: Record<string, number> = {};
    for (const t of targets) {
      const symbol = t.symbol.toUpperCase();
      if (prices[symbol] !== undefined) continue;
      const quotes = await this.#all((b) => b.getQuote(symbol));
      const quote = quotes.find((q) => q.ok)?.value;
      const mid = quote?.bid !== undefined && quote.ask !== undefined ? (quote.bid + quote.ask) / 2 : quote?.last;
      if (mid !== undefined) prices[symbol] = Math.round(mid * 1e4) / 1e4;
    }
    return planRebalance({
      targets: targets.map((t) => ({ ...t, symbol: t.symbol.toUpperCase() })),
      holdings: positions.flatMap((r) => (r.ok ? r.value.map((p) => ({ broker: r.broker, symbol: p.symbol, quantity: p.quantity })) : [])),
      // What is still working counts: a plan applied again while its first orders rest orders nothing twice.
      openOrders: open.flatMap((r) => (r.ok ? r.value.flatMap((o) => openQuantity(r.broker, o)) : [])),
      balances: accounts.flatMap((r) => (r.ok ? [{ broker: r.broker, cash: r.value.cash, portfolioValue: r.value.portfolioValue }] : [])),
      prices,
      ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    });
  }

  /**
   * Sends a plan's trades as market orders, sells first, each through its broker's layers. Stops
   * at the first trade that fails and reports what was done.
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
