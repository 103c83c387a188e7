import type { Broker } from '../broker.ts';
import { systemClock } from '../clock.ts';
import { ConfigError } from '../errors/subclasses.ts';
import { silentLogger } from '../logging/logger.ts';
import { parseConfig } from '../model/parse.ts';
import type { BrokerPlugin, EnvMap, PluginContext } from '../plugin.ts';
import { withValidation } from '../wrappers/validation.ts';

const TYPE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Holds broker plugins by type. Registering a type twice is refused; `create` validates the
 * config with the plugin's schema before the plugin sees it.
 *
 * @example
 * ```ts
 * const registry = new BrokerRegistry().register(simPlugin)
 * const broker = registry.create('sim', { initialCash: 50_000 }, { name: 'paper' })
 * ```
 */
export class BrokerRegistry {
  readonly #plugins = new Map<string, BrokerPlugin<unknown>>();

  register(plugin: BrokerPlugin<unknown>): this {
    if (!plugin || typeof plugin !== 'object' || typeof plugin.create !== 'function' || !plugin.configSchema) {
      throw new ConfigError('A broker plugin must be an object with type, configSchema and create', { path: 'plugin' });
    }
    if (!TYPE_PATTERN.test(plugin.type)) {
      throw new ConfigError(`Plugin type ${JSON.stringify(plugin.type)} must be lower-case letters, digits and -`, { path: 'plugin.type' });
    }
    if (this.#plugins.has(plugin.type)) {
      throw new ConfigError(`A plugin of type "${plugin.type}" is already registered`, { path: 'plugin.type' });
    }
    this.#plugins.set(plugin.type, plugin);
    return this;
  }

  has(type: string): boolean {
    return this.#plugins.has(type);
  }

  /** The plugin of this type; `ConfigError` listing the known types when there is none. */
  get(type: string): BrokerPlugin<unknown> {
    const plugin = this.#plugins.get(type);
    if (!plugin) {
      const known = [...this.#plugins.keys()].join(', ') || 'none';
      throw new ConfigError(`Unknown broker type "${type}" (registered: ${known})`, { path: 'type' });
    }
    return plugin;
  }

  list(): BrokerPlugin<unknown>[] {
    return [...this.#plugins.values()];
  }

  /**
   * Validates `config` with the plugin's schema, creates the adapter and puts it behind the edge
   * (`withValidation`): every input is parsed once and capability-checked before the adapter sees
   * it, for built-in and third-party plugins alike.
   */
  create(type: string, config: unknown, ctx: Partial<PluginContext> = {}): Broker {
    const plugin = this.get(type);
    const parsed = parseConfig(plugin.configSchema, config, ctx.name ?? type, type);
    return withValidation(plugin.create(parsed, { name: ctx.name ?? type, logger: ctx.logger ?? silentLogger, clock: ctx.clock ?? systemClock, ...ctx }));
  }

  /** Builds the config from environment variables (default `process.env`), then `create`. */
  createFromEnv(type: string, env: EnvMap = process.env, ctx: Partial<PluginContext> = {}): Broker {
    return this.create(type, this.get(type).fromEnv(env), ctx);
  }
}

/** The registry the `BrokerFactory` facade uses. Empty until you register plugins. */
export const defaultRegistry: BrokerRegistry = new BrokerRegistry();

/**
 * The facade users of the original know: `BrokerFactory.createBroker(type, config)`.
 *
 * @example
 * ```ts
 * defaultRegistry.register(alpacaPlugin)
 * const alpaca = BrokerFactory.createFromEnv('alpaca')
 * ```
 */
export const BrokerFactory = {
  createBroker(type: string, config: unknown, ctx?: Partial<PluginContext>): Broker {
    return defaultRegistry.create(type, config, ctx);
  },
  createFromEnv(type: string, env?: EnvMap, ctx?: Partial<PluginContext>): Broker {
    return defaultRegistry.createFromEnv(type, env, ctx);
  },
  registry: defaultRegistry,
} as const;
