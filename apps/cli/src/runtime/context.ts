import { existsSync } from 'node:fs';
import { BrokerRegistry, ConfigError, investHome, Redactor, type BrokerPlugin, type EnvMap, type Logger } from '@invest/broker-core';
import {
  configuredTypes, ConfigFileSchema, homePaths, isNotYetAvailable, loadPluginsFor, managerFromConfig, MAX_BROKERS, notYetAvailableError, parseConfigJson, parseInvestConfig, readConfigText,
  type InvestConfig, type MultiBrokerManager,
} from '@invest/multi-broker';
import type { AuthManager, CredentialStore } from '@invest/auth';
import { Output, colorEnabled } from '../output/output.ts';
import { BUILTIN_PLUGINS } from './builtins.ts';
import { withEnvFiles } from './env-files.ts';
import { fileLogger } from './logger.ts';
import { unavailableBroker } from './unavailable-broker.ts';

export interface GlobalOptions {
  json?: boolean;
  yes?: boolean;
  live?: boolean;
  verbose?: boolean;
  color?: boolean;
  /** `invest --broker X <command>`: the account for commands that take `--broker` (the original's spelling). */
  broker?: string;
}

/** Everything a command needs, built once per run. Nothing touches a broker until asked. */
export class CliContext {
  readonly home: string;
  readonly paths: ReturnType<typeof homePaths>;
  readonly out: Output;
  readonly redactor = new Redactor();
  readonly log: Logger;
  #registry: BrokerRegistry | undefined;
  #config: InvestConfig | undefined;

  /** The process environment over `./.env` over `<home>/.env` (see `withEnvFiles`). */
  readonly env: EnvMap;

  constructor(readonly options: GlobalOptions, processEnv: EnvMap = process.env, cwd: string = process.cwd()) {
    this.env = withEnvFiles(processEnv, cwd);
    this.home = investHome(this.env);
    this.paths = homePaths(this.home);
    this.out = new Output(Boolean(options.json), options.color !== false && colorEnabled(this.env, process.stdout));
    this.log = fileLogger(this.home, this.redactor, options.verbose ? 'debug' : 'info', Boolean(options.verbose));
  }

  /**
   * The raw config document (before plugins are loaded). A missing, unreadable, non-regular or
   * oversize file, or a home that is not a directory, is one `ConfigError` line (exit 3).
   */
  async readConfigDocument(): Promise<Record<string, unknown>> {
    const text = await readConfigText(this.paths.config);
    if (text === undefined) {
      throw new ConfigError(`No config at ${this.paths.config}: run \`invest init\` first (or set INVEST_HOME)`, { path: this.paths.config });
    }
    return parseConfigJson(text, this.paths.config);
  }

  /** A registry with the built-in plugins for `types` (all when undefined). Third-party plugins: see `config`. */
  async registry(types?: Iterable<string>): Promise<BrokerRegistry> {
    this.#registry ??= new BrokerRegistry();
    const wanted = types ? [...new Set(types)] : Object.keys(BUILTIN_PLUGINS);
    for (const type of wanted) {
      // Own keys only: a type named `__proto__` or `constructor` is not a built-in.
      if (Object.hasOwn(BUILTIN_PLUGINS, type) && !this.#registry.has(type)) this.#registry.register(await BUILTIN_PLUGINS[type]!());
    }
    return this.#registry;
  }

  /**
   * The validated config; only the plugins of `only` brokers (all when undefined) are loaded, and
   * only their settings validated by their plugin. A third-party plugin is imported only when a
   * selected broker has a type no built-in provides.
   */
  async config(only?: readonly string[]): Promise<{ config: InvestConfig; registry: BrokerRegistry }> {
    const doc = await this.readConfigDocument();
    const brokers = doc.brokers && typeof doc.brokers === 'object' ? (doc.brokers) : {};
    const names = Object.keys(brokers);
    if (names.length > MAX_BROKERS) parseInvestConfig(doc, new BrokerRegistry()); // throws the one-line ConfigError
    for (const name of only ?? []) {
      if (!Object.hasOwn(brokers, name)) throw new ConfigError(`Unknown broker "${name}" (configured: ${names.slice(0, 20).join(', ') || 'none'})`, { path: `brokers.${name}` });
    }
    const types = configuredTypes(doc, only);
    const registry = await this.registry(types);
    const plugins = ConfigFileSchema.shape.plugins.safeParse(Object.hasOwn(doc, 'plugins') ? doc.plugins : undefined);
    // A refused entry is reported by parseInvestConfig below with its path; nothing is imported.
    if (plugins.success) await loadPluginsFor(types, plugins.data, registry);
    // A type nothing provides is refused naming every type there is: load the other built-ins for that message.
    if (types.some((t) => !registry.has(t))) await this.registry();
    this.#config = parseInvestConfig(doc, registry, only ? { only } : {});
    return { config: this.#config, registry };
  }

  /** Credentials: environment first, then the OS keyring, then the encrypted file (when a passphrase is set). */
  async credentials(plugins: readonly BrokerPlugin<unknown>[], config: InvestConfig): Promise<AuthManager> {
    // Loaded only when a broker needs credentials: simulation accounts never pay for it.
    const { AuthManager, EncryptedFileStore, EnvStore, KeyringStore } = await import('@invest/auth');
    const envNames: Record<string, Readonly<Record<string, string>>> = {};
    for (const entry of config.brokers) {
      const plugin = plugins.find((p) => p.type === entry.type);
      if (plugin) envNames[entry.name] = plugin.envNames;
    }
    const stores: CredentialStore[] = [new EnvStore({ brokers: envNames, env: this.env })];
    if (this.env.INVEST_PASSPHRASE && existsSync(`${this.home}/credentials.enc`)) {
      stores.push(await EncryptedFileStore.open({ path: `${this.home}/credentials.enc`, passphrase: this.env.INVEST_PASSPHRASE, ...this.credentialFileOptions() }));
    }
    if (this.env.INVEST_KEYRING !== '0') stores.push(new KeyringStore({}));
    return new AuthManager({ stores, redactor: this.redactor });
  }

  /** How the encrypted file is opened: a file others can read is refused unless INVEST_ALLOW_INSECURE_PERMISSIONS=1. */
  credentialFileOptions(): { allowInsecurePermissions: boolean; logger: Logger } {
    return { allowInsecurePermissions: this.env.INVEST_ALLOW_INSECURE_PERMISSIONS === '1', logger: this.log };
  }

  /**
   * A manager over the configured brokers (`only` of them when given). Live brokers are in it too:
   * reading them needs no `--live`; a command that places or cancels orders calls `confirmLive`.
   */
  async manager(only?: readonly string[]): Promise<MultiBrokerManager> {
    const { config, registry } = await this.config(only);
    const chosen = config.brokers.filter((b) => b.enabled && (!only || only.includes(b.name)));
    const needsCredentials = chosen.some((b) => registry.get(b.type).credentials.length > 0);
    const credentials = needsCredentials ? await this.credentials(registry.list(), config) : undefined;
    // Brokers of a type this version lacks (the original's ibkr): named on their own (creating
    // one throws its ConfigError, exit 3); among all brokers, listed with the reason instead.
    const unusable = only ? [] : chosen.filter((b) => isNotYetAvailable(registry.get(b.type)));
    const usable = unusable.length > 0 ? chosen.filter((b) => !unusable.includes(b)).map((b) => b.name) : only;
    const manager = await managerFromConfig({ registry, config, env: this.env, logger: this.log, ...(usable ? { only: usable } : {}), ...(credentials ? { credentials } : {}) });
    for (const b of unusable) {
      // Weight 0: a distributed order never sends a share its way.
      manager.addBroker(b.name, unavailableBroker(b.name, b.type, notYetAvailableError(b.type, b.name)), { weight: 0, paper: b.paper });
    }
    return manager;
  }

  /**
   * Refuses (exit 3) to place or cancel orders on `accounts` when one of them trades real money
   * (`paper_trading: false`) and `--live` was not given. Only the accounts an order goes to count:
   * a live account elsewhere in the config blocks nothing, and reads never need `--live`.
   */
  confirmLive(manager: MultiBrokerManager, accounts: readonly string[]): void {
    if (this.options.live) return;
    const live = manager.status().filter((s) => !s.paper && accounts.includes(s.name)).map((s) => s.name);
    if (live.length === 0) return;
    throw new ConfigError(
      `${live.join(', ')} ${live.length > 1 ? 'trade' : 'trades'} real money (paper_trading: false): pass --live to confirm`,
      { path: `brokers.${live[0]!}.paper_trading` },
    );
  }
}
