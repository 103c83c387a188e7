import { BrokerDecorator, BrokerError, parseConfig, parseInput, symbolSchema, withValidation, type Broker, type Fill } from '@invest/broker-core';
import type { z } from 'zod';
import type { SimLedger } from './broker/account-view.ts';
import { adapterBehind } from './broker/adapter-lookup.ts';
import type { TickInput } from './broker/tick-check.ts';
import { SimConfigSchema, type SimConfig, type SimConfigInput } from './config.ts';
import type { QuoteInput, SimQuote } from './prices/price-source.ts';
import { SimBroker, type SimBrokerOptions } from './sim-broker.ts';

/**
 * A simulated account as callers use it: a validated core `Broker` (every input parsed once by
 * core's `withValidation` before the simulator sees it) plus the simulator's own controls (move
 * the market, replay quotes, exact figures, the state database).
 */
export class SimAccount extends BrokerDecorator {
  readonly #sim: SimBroker;

  /** `broker` must be the validated broker around `sim` (see `createSimBroker`, `simAccountOf`). */
  constructor(broker: Broker, sim: SimBroker) {
    super(broker);
    this.#sim = sim;
    // The backtest hot path: straight to the simulator, no extra call on every quote.
    this.tick = sim.tick.bind(sim);
  }

  /** The account's settings. */
  get config(): SimConfig {
    return this.#sim.config;
  }

  /** The state database, or undefined when the state lives in memory. */
  get stateFile(): string | undefined {
    return this.#sim.stateFile;
  }

  /**
   * Pushes a quote into the market: stops and trailing stops see it, marketable resting orders
   * fill against it, and it is persisted like any change. Its time defaults to the clock's.
   *
   * @example
   * ```ts
   * await sim.setQuote('AAPL', { bid: 99.98, ask: 100.02, last: 100 })
   * ```
   */
  setQuote(symbol: string, quote: QuoteInput): Promise<void> {
    try {
      return this.#sim.setQuote(parseInput(symbolSchema, symbol, 'symbol', { broker: 'sim' }), quote);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Applies one quote synchronously (in-memory accounts: the hot path of backtests).
   *
   * @example
   * ```ts
   * for (const q of prices.ticks()) sim.tick(q)
   * ```
   */
  readonly tick: (quote: TickInput) => void;

  /**
   * Replays quotes in order in one transaction; resolves to how many were applied.
   *
   * @example
   * ```ts
   * await sim.replay(csvPrices({ file: 'day.csv' }).ticks())
   * ```
   */
  replay(ticks: Iterable<SimQuote>): Promise<number> {
    return this.#sim.replay(ticks);
  }

  /** Reads the price source for every symbol that matters and runs the market up to now. */
  sync(): Promise<void> {
    return this.#sim.sync();
  }

  /** Exact figures as decimal strings (see `SimBroker.ledger`). */
  ledger(): Promise<SimLedger> {
    return this.#sim.ledger();
  }

  /** Every execution so far, oldest first. */
  fills(): Promise<Fill[]> {
    return this.#sim.fills();
  }

  /** The account's state as canonical JSON (the export: the same bytes for the same seed and inputs), in memory mode too. */
  exportState(): Promise<string> {
    return this.#sim.exportState();
  }
}

/**
 * A simulated account from a config input (validated: a bad setting is a `ConfigError` naming
 * it), behind core's `withValidation`. Without `stateFile` the state lives in memory.
 *
 * @example
 * ```ts
 * const sim = createSimBroker({ initialCash: 50_000, prices: { kind: 'static', quotes: { AAPL: 187.23 } } })
 * await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10 })
 * ```
 */
export function createSimBroker(config: SimConfigInput = {}, options: SimBrokerOptions = {}): SimAccount {
  const parsed = parseConfig(SimConfigSchema as unknown as z.ZodType<SimConfig>, config, 'sim config', 'sim');
  const sim = new SimBroker(parsed, options);
  return new SimAccount(withValidation(sim), sim);
}

/**
 * The simulator's controls for a broker the registry made (`registry.create('sim', ...)`, however
 * it was wrapped since): calls go through `broker` (validated by the registry; a bare `SimBroker`
 * is put behind `withValidation`), the controls to the simulator behind it. Throws `BrokerError`
 * when `broker` is not a simulator.
 *
 * @example
 * ```ts
 * const paper = simAccountOf(registry.create('sim', {}, { name: 'paper' }))
 * await paper.setQuote('AAPL', { last: 190 })
 * ```
 */
export function simAccountOf(broker: Broker): SimAccount {
  if (broker instanceof SimAccount) return broker;
  const sim = adapterBehind(broker);
  if (!sim) throw new BrokerError(`${broker.name} (${broker.type}) is not a simulated account`, { broker: broker.type });
  // A broker the registry made is validated already (another edge in front would number orders
  // with core's random ids); the bare adapter gets its edge here.
  return new SimAccount((broker as unknown) === sim ? withValidation(sim) : broker, sim);
}
