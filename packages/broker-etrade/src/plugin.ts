import type { BrokerPlugin, CredentialField, LoginContext, PluginContext } from '@invest/broker-core';
import { ETRADE_ENV_NAMES, EtradeConfigSchema, etradeConfigFromEnv, type EtradeConfig } from './config.ts';
import { EtradeBroker } from './etrade-broker.ts';
import { etradeLogin } from './login.ts';

/** What `invest set-creds` asks for. The access token comes from `invest auth login`. */
const CREDENTIALS: readonly CredentialField[] = [
  { key: 'consumerKey', label: 'Consumer key', secret: true, env: ETRADE_ENV_NAMES.consumerKey, required: true },
  { key: 'consumerSecret', label: 'Consumer secret', secret: true, env: ETRADE_ENV_NAMES.consumerSecret, required: true },
];

/** Core's plugin shape, with `create` typed as the E*TRADE adapter (for `previewOrder`). */
export interface EtradePlugin extends BrokerPlugin<EtradeConfig> {
  create(config: EtradeConfig, ctx: PluginContext): EtradeBroker;
  login(config: EtradeConfig, ctx: LoginContext): Promise<{ message?: string }>;
}

/**
 * The E*TRADE plugin: register it, store the consumer key pair (`invest set-creds NAME`), log in
 * (`invest auth login NAME`), then create brokers. The sandbox unless the config says
 * `paper: false`. Registers nothing on import.
 *
 * @example
 * ```ts
 * import { BrokerRegistry } from '@invest/broker-core'
 * import { etradePlugin } from '@invest/broker-etrade'
 *
 * const registry = new BrokerRegistry().register(etradePlugin)
 * const etrade = registry.create('etrade', { account: '83405188' }, { name: 'etrade-main', logger, clock, credentials })
 * await etrade.connect()
 * console.log(await etrade.getAccount())
 * ```
 */
export const etradePlugin: EtradePlugin = {
  type: 'etrade',
  displayName: 'E*TRADE',
  description: 'E*TRADE v1 REST API (US equities) with OAuth 1.0a: sandbox by default, production with paper: false',
  configSchema: EtradeConfigSchema,
  envNames: ETRADE_ENV_NAMES,
  fromEnv: etradeConfigFromEnv,
  credentials: CREDENTIALS,
  create: (config: EtradeConfig, ctx: PluginContext): EtradeBroker => new EtradeBroker(config, ctx),
  login: (config: EtradeConfig, ctx: LoginContext) => etradeLogin(config, ctx),
};
