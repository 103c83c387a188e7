import type { BrokerPlugin, CredentialField, PluginContext } from '@invest/broker-core';
import { AlpacaBroker } from './alpaca-broker.ts';
import { ALPACA_ENV_NAMES, AlpacaConfigSchema, alpacaConfigFromEnv, type AlpacaConfig } from './config.ts';

/** What `invest set-creds` asks for. Both keys are kept out of logs and messages. */
const CREDENTIALS: readonly CredentialField[] = [
  { key: 'apiKey', label: 'API key ID', secret: true, env: ALPACA_ENV_NAMES.apiKey, required: true },
  { key: 'secretKey', label: 'API secret key', secret: true, env: ALPACA_ENV_NAMES.secretKey, required: true },
];

/** Core's plugin shape, with `create` typed as what it makes: the Alpaca adapter. */
export interface AlpacaPlugin extends BrokerPlugin<AlpacaConfig> {
  create(config: AlpacaConfig, ctx: PluginContext): AlpacaBroker;
}

/**
 * The Alpaca plugin: register it, then create brokers from a config or the environment. Paper
 * trading unless the config says `paper: false`. Registers nothing on import. `create` returns the
 * adapter (typed as `AlpacaBroker`, for `closePosition`); the registry wraps it in `withValidation`.
 *
 * @example
 * ```ts
 * import { BrokerRegistry } from '@invest/broker-core'
 * import { alpacaPlugin } from '@invest/broker-alpaca'
 *
 * const registry = new BrokerRegistry().register(alpacaPlugin)
 * const alpaca = registry.createFromEnv('alpaca', process.env, { name: 'alpaca-main' }) // ALPACA_API_KEY, ALPACA_SECRET_KEY
 * await alpaca.connect()
 * console.log(await alpaca.getAccount())
 * ```
 */
export const alpacaPlugin: AlpacaPlugin = {
  type: 'alpaca',
  displayName: 'Alpaca',
  description: 'Alpaca Trading API (US equities): paper by default, live with paper: false',
  configSchema: AlpacaConfigSchema,
  envNames: ALPACA_ENV_NAMES,
  fromEnv: alpacaConfigFromEnv,
  credentials: CREDENTIALS,
  create: (config: AlpacaConfig, ctx: PluginContext): AlpacaBroker => new AlpacaBroker(config, ctx),
};
