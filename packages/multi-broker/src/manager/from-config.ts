import {
  composeBroker, silentLogger, systemClock, withLogging, withRetry, withValidation,
  type BrokerRegistry, type Clock, type CredentialSource, type EnvMap, type Logger,
} from '@invest/broker-core';
import { homePaths, investHome } from '../config/home.ts';
import { loadInvestConfig, type InvestConfig } from '../config/load.ts';
import { OrderJournal } from '../journal/journal.ts';
import { MultiBrokerManager } from './manager.ts';

export interface FromConfigOptions {
  /** Registry holding the plugins the config names (built-ins and third-party). */
  registry: BrokerRegistry;
  /** Environment (for `INVEST_HOME`); default `process.env`. */
  env?: EnvMap;
  /** Already loaded config; default: read `<home>/brokers.json`. */
  config?: InvestConfig;
  credentials?: CredentialSource;
  logger?: Logger;
  clock?: Clock;
  /** Only these brokers (by name); default every enabled one. Adapters of others are never created. */
  only?: readonly string[];
  /** Keep an order journal at `<home>/journal.jsonl`. Default true. */
  journal?: boolean;
  /** Import for third-party plugin packages (tests). */
  importer?: (name: string) => Promise<unknown>;
}

/**
 * Builds a manager from the config file: each enabled broker created through its plugin (config
 * validated), wrapped with validation, retries for idempotent calls and redacting logs, with its
 * weight and risk limits, the global limits, and the order journal under the invest home.
 *
 * @example
 * ```ts
 * const registry = new BrokerRegistry().register(simPlugin)
 * const manager = await MultiBrokerManager.fromConfig({ registry })
 * ```
 */
export async function managerFromConfig(options: FromConfigOptions): Promise<MultiBrokerManager> {
  const home = investHome(options.env);
  const paths = homePaths(home);
  const config = options.config ?? (await loadInvestConfig(paths.config, options.registry, options.importer));
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const journal = options.journal === false ? undefined : await OrderJournal.open(paths.journal);
  const manager = new MultiBrokerManager({ journal, risk: config.risk, logger, clock });
  for (const entry of config.brokers) {
    if (!entry.enabled || (options.only && !options.only.includes(entry.name))) continue;
    const adapter = options.registry.create(entry.type, entry.settings, { name: entry.name, logger: logger.child({ broker: entry.name }), clock, home, credentials: options.credentials });
    const broker = composeBroker(adapter, withValidation, (b) => withRetry(b, { clock }), (b) => withLogging(b, logger));
    manager.addBroker(entry.name, broker, { isDefault: entry.name === config.defaultBroker, weight: entry.weight, risk: entry.risk, paper: entry.paper });
  }
  return manager;
}
