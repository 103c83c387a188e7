import { schwabOAuth2Provider } from '@invest/auth';
import type { BrokerPlugin, CredentialField, LoginContext, PluginContext } from '@invest/broker-core';
import { SCHWAB_ENV_NAMES, SchwabConfigSchema, schwabConfigFromEnv, schwabEndpoints, type SchwabConfig } from './config.ts';
import { runOAuthLogin } from './oauth/plugin-login.ts';
import { SchwabBroker } from './schwab-broker.ts';

/** What `invest set-creds` asks for. The tokens come from `invest auth login NAME`. */
const CREDENTIALS: readonly CredentialField[] = [
  { key: 'clientId', label: 'App key (OAuth client id)', secret: true, env: SCHWAB_ENV_NAMES.clientId, required: true },
  { key: 'clientSecret', label: 'App secret', secret: true, env: SCHWAB_ENV_NAMES.clientSecret, required: true },
];

/** Core's plugin shape, with `create` typed as what it makes and the OAuth login always present. */
export interface SchwabPlugin extends BrokerPlugin<SchwabConfig> {
  create(config: SchwabConfig, ctx: PluginContext): SchwabBroker;
  login(config: SchwabConfig, ctx: LoginContext): Promise<{ message: string }>;
}

/**
 * The Charles Schwab plugin. Schwab has no paper environment: a config without `paper: false`
 * (`paper_trading: false` in brokers.json) is refused. Log in once with `invest auth login NAME`
 * (or call `login` yourself). Registers nothing on import.
 *
 * @example
 * ```ts
 * import { BrokerRegistry } from '@invest/broker-core'
 * import { schwabPlugin } from '@invest/broker-schwab'
 *
 * const registry = new BrokerRegistry().register(schwabPlugin)
 * const schwab = registry.create('schwab', { paper: false }, { name: 'schwab-main', credentials: authManager })
 * await schwab.connect()
 * console.log(await schwab.getAccount())
 * ```
 */
export const schwabPlugin: SchwabPlugin = {
  type: 'schwab',
  displayName: 'Charles Schwab',
  description: 'Charles Schwab Trader API (US equities) over OAuth 2.0: live only (paper: false), previewOrder as a dry run',
  configSchema: SchwabConfigSchema,
  envNames: SCHWAB_ENV_NAMES,
  fromEnv: schwabConfigFromEnv,
  credentials: CREDENTIALS,
  create: (config: SchwabConfig, ctx: PluginContext): SchwabBroker => new SchwabBroker(config, ctx),
  login: (config: SchwabConfig, ctx: LoginContext) => {
    const endpoints = schwabEndpoints(config);
    return runOAuthLogin(
      {
        provider: schwabOAuth2Provider({ authorizationEndpoint: endpoints.authorization, tokenEndpoint: endpoints.token }),
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        needsSecret: true,
        redirectUri: config.redirectUri,
        timeoutMs: config.timeoutMs,
      },
      ctx,
    );
  },
};
