import {
  composeBroker, investHome, silentLogger, systemClock, withLogging, withRetry,
  type Broker, type BrokerRegistry, type Clock, type CredentialSource, type EnvMap, type Logger,
} from '@invest/broker-core';
import { homePaths } from '../config/home.ts';
import { loadInvestConfig, type InvestConfig } from '../config/load.ts';
import { OrderJournal } from '../journal/journal.ts';
import { withJournal } from '../wrappers/journal.ts';
import { withProtectiveStop } from '../wrappers/protective-stop.ts';
import { withRisk } from '../wrappers/risk.ts';
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
 * Builds a manager from the config file. Each enabled broker is created through its plugin (config
 * and every input validated by the registry), then wrapped, innermost first: `withRetry` (reads
 * and cancels), `withLogging`, `withProtectiveStop` (`stop_loss_pct`), `withRisk` (its limits, the
 * short selling rule and the global limits) and `withJournal` (the journal under the invest home).
 * Any plugin in the registry gets every layer with no code of its own.
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
  const manager = new MultiBrokerManager({ journal, risk: config.risk, logger });
  for (const entry of config.brokers) {
    if (!entry.enabled || (options.only && !options.only.includes(entry.name))) continue;
    const { name } = entry;
    const created = options.registry.create(entry.type, entry.settings, { name, logger: logger.child({ broker: name }), clock, home, credentials: options.credentials });
    const broker = composeBroker(
      created,
      (b) => withRetry(b, { clock }),
      (b) => withLogging(b, logger),
      // Under risk: risk judges the order as the user gave it; the stop leg is added after.
      (b) => withProtectiveStop(b, { name, stopLossPct: entry.risk.stop_loss_pct ?? config.risk.stop_loss_pct, logger }),
      (b) => withRisk(b, { name, settings: entry.risk, global: manager.globalRisk }),
      // Outermost: every intent is on disk before anything else runs, and a refusal is recorded as denied.
      (b): Broker => (journal ? withJournal(b, { name, journal }) : b),
    );
    manager.addBroker(name, broker, { isDefault: name === config.defaultBroker, weight: entry.weight, paper: entry.paper });
  }
  return manager;
}
