import { tdAmeritradeOAuth2Provider } from '@invest/auth';
import type { BrokerPlugin, CredentialField, LoginContext, PluginContext } from '@invest/broker-core';
import { runOAuthLogin } from '@invest/broker-schwab';
import { TD_ENV_NAMES, TdConfigSchema, tdConfigFromEnv, tdEndpoints, type TdConfig } from './config.ts';
import { TdBroker } from './td-broker.ts';

/** What `invest set-creds` asks for (the original's three variables). */
const CREDENTIALS: readonly CredentialField[] = [
  { key: 'clientId', label: 'Consumer key (TD_CLIENT_ID)', secret: true, env: TD_ENV_NAMES.clientId, required: true },
  { key: 'refreshToken', label: 'Refresh token (TD_REFRESH_TOKEN), or run invest auth login', secret: true, env: TD_ENV_NAMES.refreshToken, required: false },
  { key: 'accountId', label: 'Account id (TD_ACCOUNT_ID)', secret: false, env: TD_ENV_NAMES.accountId, required: true },
];

export interface TdPlugin extends BrokerPlugin<TdConfig> {
  create(config: TdConfig, ctx: PluginContext): TdBroker;
  login(config: TdConfig, ctx: LoginContext): Promise<{ message: string }>;
}

/**
 * The TD Ameritrade plugin (type `td`; the original's `td_ameritrade` loads as it). TD's API was
 * retired on 2024-05-10 and Charles Schwab is its successor: the adapter keeps the documented
 * contract and says so when it connects. Live only (`paper: false`). Registers nothing on import.
 *
 * @example
 * ```ts
 * const registry = new BrokerRegistry().register(tdPlugin)
 * const td = registry.createFromEnv('td', { ...process.env }, { name: 'td' }) // TD_CLIENT_ID, TD_REFRESH_TOKEN, TD_ACCOUNT_ID (+ paper: false)
 * ```
 */
export const tdPlugin: TdPlugin = {
  type: 'td',
  displayName: 'TD Ameritrade (retired; use Schwab)',
  description: 'TD Ameritrade REST API over OAuth 2.0, kept for its documented contract: retired 2024-05-10, Charles Schwab is its successor',
  configSchema: TdConfigSchema,
  envNames: TD_ENV_NAMES,
  fromEnv: tdConfigFromEnv,
  credentials: CREDENTIALS,
  create: (config: TdConfig, ctx: PluginContext): TdBroker => new TdBroker(config, ctx),
  login: (config: TdConfig, ctx: LoginContext) => {
    const endpoints = tdEndpoints(config);
    return runOAuthLogin(
      {
        provider: tdAmeritradeOAuth2Provider({ authorizationEndpoint: endpoints.authorization, tokenEndpoint: endpoints.token }),
        clientId: config.clientId,
        needsSecret: false,
        redirectUri: config.redirectUri,
        timeoutMs: config.timeoutMs,
      },
      ctx,
    );
  },
};
