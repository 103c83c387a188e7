import type { BrokerPlugin, CredentialField, PluginContext } from '@invest/broker-core';
import { IbkrBroker } from './ibkr-broker.ts';
import { IBKR_ENV_NAMES, IbkrConfigSchema, ibkrConfigFromEnv, type IbkrConfig } from './config.ts';

/**
 * Nothing for `invest set-creds`: TWS / IB Gateway holds the login, and the API takes no secret,
 * only where TWS listens (host, port) and a client id, which are plain configuration.
 */
const CREDENTIALS: readonly CredentialField[] = [];

/** Core's plugin shape, with `create` typed as what it makes: the IBKR adapter. */
export interface IbkrPlugin extends BrokerPlugin<IbkrConfig> {
  create(config: IbkrConfig, ctx: PluginContext): IbkrBroker;
}

/**
 * The Interactive Brokers plugin: register it, then create brokers from a config or the
 * environment (`IBKR_HOST`, `IBKR_PORT`, `IBKR_CLIENT_ID`). Paper (port 7497) unless the config
 * says `paper: false`. Registers nothing on import.
 *
 * @example
 * ```ts
 * import { BrokerRegistry } from '@invest/broker-core'
 * import { ibkrPlugin } from '@invest/broker-ibkr'
 *
 * const registry = new BrokerRegistry().register(ibkrPlugin)
 * const ibkr = registry.create('ibkr', { clientId: 7 }, { name: 'ibkr' })
 * await ibkr.connect()
 * console.log(await ibkr.getAccount())
 * ```
 */
export const ibkrPlugin: IbkrPlugin = {
  type: 'ibkr',
  displayName: 'Interactive Brokers',
  description: 'Interactive Brokers through TWS / IB Gateway (@stoqey/ib): paper port 7497 by default, live with paper: false',
  configSchema: IbkrConfigSchema,
  envNames: IBKR_ENV_NAMES,
  fromEnv: ibkrConfigFromEnv,
  credentials: CREDENTIALS,
  create: (config: IbkrConfig, ctx: PluginContext): IbkrBroker => new IbkrBroker(config, ctx),
};
