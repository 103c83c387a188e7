import { composeBroker, ConfigError, investHome, silentLogger, systemClock, withLogging, withRetry, type Broker, type BrokerRegistry, type Clock, type CredentialSource, type EnvMap, type Logger } from '@invest/broker-core';
import { openStateDatabase } from '@invest/broker-core/state';
import { homePaths } from '../config/home.ts';
import { loadInvestConfig, type InvestConfig } from '../config/load.ts';
import { PortfolioHistory } from '../history/portfolio-history.ts';
import { OrderJournal } from '../journal/journal.ts';
import type { ReconcileOptions } from '../journal/reconcile.ts';
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
  /**
   * Keep the order journal in `<home>/state.db` (an old `<home>/journal.jsonl` is imported once).
   * Default true. Reconciliation options may be given here; the settle window also comes from
   * `INVEST_JOURNAL_SETTLE_SECONDS`.
   */
  journal?: boolean | Omit<ReconcileOptions, 'clock' | 'logger'>;
  /** Record portfolio history in `<home>/state.db`. Default true. */
  history?: boolean;
  /** Import for third-party plugin packages (tests). */
  importer?: (name: string) => Promise<unknown>;
}

/**
 * Builds a manager from the config file. Each enabled broker is created through its plugin (config
 * and every input validated by the registry), then wrapped, innermost first: `withRetry` (reads
 * and cancels), `withLogging`, `withProtectiveStop` (`stop_loss_pct`), `withRisk` (its limits, the
 * short selling rule and the global limits), `withJournal` (the journal in `<home>/state.db`) and
 * `withHistory` (the fills of its orders, in the same database).
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
  const keepsJournal = options.journal !== false;
  const keepsHistory = options.history !== false;
  // One database per home, shared by the journal and the history (each owns its tables).
  const db = keepsJournal || keepsHistory ? openStateDatabase(paths.database) : undefined;
  const journal = db && keepsJournal
    ? OrderJournal.attach(db, { ...settleFromEnv(options.env), ...(typeof options.journal === 'object' ? options.journal : {}), legacyJournal: paths.journal, logger, clock })
    : undefined;
  const history = db && keepsHistory ? PortfolioHistory.attach(db, { clock }) : undefined;
  const manager = new MultiBrokerManager({ journal, history, risk: config.risk, logger });
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

/** `INVEST_JOURNAL_SETTLE_SECONDS`: the journal's settle window, in seconds. */
function settleFromEnv(env: EnvMap | undefined): { settleMs?: number } {
  const text = (env ?? process.env).INVEST_JOURNAL_SETTLE_SECONDS;
  if (text === undefined || text === '') return {};
  if (!/^\d+(\.\d+)?$/.test(text)) throw new ConfigError(`INVEST_JOURNAL_SETTLE_SECONDS must be a number of seconds >= 0, got ${JSON.stringify(text)}`, { path: 'INVEST_JOURNAL_SETTLE_SECONDS' });
  return { settleMs: Number(text) * 1000 };
}
