import { investHome, type BrokerPlugin } from '@invest/broker-core';
import { SIM_ENV_NAMES, SimConfigSchema, simConfigFromEnv, type SimConfig } from './config.ts';
import { legacyStatePath, simStatePath } from './persistence/state-path.ts';
import { SimBroker } from './sim-broker.ts';

/**
 * The `sim` plugin: a paper account with no broker behind it. Register it and create accounts by
 * config or environment. Each instance keeps its state in `<home>/sim/<name>.json` unless the
 * config says otherwise (`stateFile: ':memory:'` keeps none), so the CLI finds it again next run.
 * `create` returns the adapter; the registry puts core's `withValidation` in front of it.
 *
 * @example
 * ```ts
 * const registry = new BrokerRegistry().register(simPlugin)
 * const paper = registry.create('sim', { initialCash: 50_000 }, { name: 'paper' }) // validated by the registry
 * await simAccountOf(paper).setQuote('AAPL', { last: 190 })
 * ```
 */
export const simPlugin: BrokerPlugin<SimConfig> = {
  type: 'sim',
  displayName: 'Simulation (paper)',
  description: 'Paper trading with no account: fill model, price sources, persisted ledger',
  configSchema: SimConfigSchema,
  envNames: SIM_ENV_NAMES,
  fromEnv: simConfigFromEnv,
  credentials: [],
  create(config, ctx) {
    return new SimBroker(config, {
      name: ctx.name,
      clock: ctx.clock,
      logger: ctx.logger,
      // The home the caller runs in (the CLI's INVEST_HOME) wins over the process environment.
      stateFile: simStatePath({ ...config, home: config.home ?? ctx.home }, ctx.name),
      legacyStateFile: config.stateFile === undefined ? legacyStatePath(ctx.name, investHome(process.env, config.home ?? ctx.home)) : undefined,
    });
  },
};
