import { ConfigError, type OrderRequest, type Quote } from '@invest/broker-core';
import { consolidateAccounts } from '../consolidation/positions.ts';
import { fanOut, type Target } from '../manager/fan-out.ts';
import { checkRisk, referencePrice } from './engine.ts';
import type { RiskSettings } from './settings.ts';

/** The settings that are limits (`stop_loss_pct` is a protective stop, judged by no check). */
const LIMITS = ['max_position_size', 'max_daily_loss', 'min_cash_balance'] as const;

/**
 * The limits across all brokers together, shared by every broker's `withRisk`: judged on the sum of
 * every broker's balances and holdings. A distributed order is judged once, whole, by the manager
 * (`check`), which then marks its legs `covered` so no leg is judged again as if it were the order.
 *
 * @example
 * ```ts
 * const global = new GlobalRisk({ max_daily_loss: 2_000 }, () => manager.targets())
 * const broker = withRisk(sim, { name: 'paper', settings: {}, global })
 * ```
 */
export class GlobalRisk {
  readonly #covered = new WeakSet<object>();

  constructor(
    readonly settings: RiskSettings,
    private readonly brokers: () => readonly Target[],
  ) {}

  /** True when any limit is set (so every order must be judged). */
  get active(): boolean {
    return LIMITS.some((k) => this.settings[k] !== undefined);
  }

  /** Marks a leg of an order whose whole was checked: its broker's `withRisk` skips the global check. */
  cover(leg: object): void {
    this.#covered.add(leg);
  }

  isCovered(req: object): boolean {
    return this.#covered.has(req);
  }

  /**
   * Judges `req` (a whole order) against the global limits; `price` as its broker judged it, else
   * from the first broker that quotes the symbol. Every broker must answer: a limit across all of
   * them cannot be judged on part of them.
   *
   * @example
   * ```ts
   * await global.check(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 30 }))
   * ```
   */
  async check(req: OrderRequest, price?: number): Promise<void> {
    if (!this.active) return;
    const targets = this.brokers();
    const [accounts, positions, judgedAt] = await Promise.all([
      fanOut(targets, (b) => b.getAccount()),
      fanOut(targets, (b) => b.getPosition(req.symbol)),
      price ?? this.#price(req, targets),
    ]);
    const failed = [...accounts, ...positions].find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
    const totals = consolidateAccounts(accounts.flatMap((r) => (r.ok ? [{ broker: r.broker, account: r.value }] : [])));
    if (totals.length !== 1) throw new ConfigError('Global risk limits need every broker in one currency', { path: 'risk' });
    const t = totals[0]!;
    const held = positions.reduce((sum, r) => sum + (r.ok ? (r.value?.quantity ?? 0) : 0), 0);
    if (judgedAt === undefined) return; // no broker quotes it: each broker's own check refuses it by name
    checkRisk(req, this.settings, {
      scope: 'all brokers', positionQuantity: held, price: judgedAt,
      account: { cash: t.cash, equity: t.equity, portfolioValue: t.portfolioValue, currency: t.currency, ...(t.startOfDayEquity !== undefined ? { startOfDayEquity: t.startOfDayEquity } : {}), ...(t.dayPnl !== undefined ? { dayPnl: t.dayPnl } : {}) },
    });
  }

  async #price(req: OrderRequest, targets: readonly Target[]): Promise<number | undefined> {
    if (req.limitPrice !== undefined || req.stopPrice !== undefined) return referencePrice(req, undefined);
    for (const t of targets) {
      const quote: Quote | undefined = await t.broker.getQuote(req.symbol).catch(() => undefined);
      const price = referencePrice(req, quote);
      if (price !== undefined) return price;
    }
    return undefined;
  }
}
