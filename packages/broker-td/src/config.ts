import { TD_AMERITRADE_OAUTH } from '@invest/auth';
import type { EnvMap } from '@invest/broker-core';
import { configFromEnvNames, liveOrLoopbackUrl, requireLiveSetting } from '@invest/broker-schwab';
import { z } from 'zod';

/** TD Ameritrade's documented hosts. There is no sandbox host; the API itself was retired on 2024-05-10. */
export const TD_ENDPOINTS = {
  api: 'https://api.tdameritrade.com/v1',
  authorization: TD_AMERITRADE_OAUTH.authorizationEndpoint,
  token: TD_AMERITRADE_OAUTH.tokenEndpoint,
} as const;

/** Hosts a TD URL may name besides loopback. */
export const TD_LIVE_HOSTS: readonly string[] = ['api.tdameritrade.com', 'auth.tdameritrade.com'];

/** Environment variables the plugin reads: the names of the original Python toolkit. */
export const TD_ENV_NAMES = {
  clientId: 'TD_CLIENT_ID',
  refreshToken: 'TD_REFRESH_TOKEN',
  accountId: 'TD_ACCOUNT_ID',
} as const;

const tdUrl = liveOrLoopbackUrl(TD_LIVE_HOSTS, "TD Ameritrade's host");

/**
 * Configuration of one TD Ameritrade account, as the original toolkit had it (`TD_CLIENT_ID`,
 * `TD_REFRESH_TOKEN`, `TD_ACCOUNT_ID`). TD had no paper environment reachable through the API, so,
 * like Schwab, the config must say `paper: false`.
 */
export const TdConfigSchema = z
  .strictObject({
    /** The app's consumer key (`@AMER.OAUTHAP` is appended where TD wants it). */
    clientId: z.string().trim().min(1).optional(),
    /** A refresh token from an earlier login; used when the credential store holds no login yet. */
    refreshToken: z.string().min(1).optional(),
    /** The account id every call names. */
    accountId: z.string().trim().regex(/^\d{1,20}$/, { error: 'must be the account id (digits)' }).optional(),
    /** Must be `false`: TD's API trades real money only. */
    paper: z.boolean({ error: 'must be true or false' }).optional(),
    /** Redirect URI registered with the app (the original's `redirect_uri`). */
    redirectUri: z.url({ protocol: /^https?$/ }).default('https://localhost'),
    baseUrl: tdUrl.optional(),
    authorizationUrl: tdUrl.optional(),
    tokenUrl: tdUrl.optional(),
    /** Requests per minute for this app key, shared by every instance (TD's documented 120). */
    requestsPerMinute: z.number().int().min(1).max(100_000).default(120),
    /** Order requests per minute for this account. */
    ordersPerMinute: z.number().int().min(1).max(100_000).default(120),
    timeoutMs: z.number().int().min(50).max(120_000).default(10_000),
  })
  .superRefine(requireLiveSetting('TD Ameritrade'));

export type TdConfig = z.output<typeof TdConfigSchema>;
export type TdConfigInput = z.input<typeof TdConfigSchema>;

/**
 * Builds a config input from the original's environment variables (empty ones count as unset).
 *
 * @example
 * ```ts
 * tdConfigFromEnv({ TD_CLIENT_ID: 'KEY', TD_REFRESH_TOKEN: 'rt', TD_ACCOUNT_ID: '123456789' })
 * // { clientId: 'KEY', refreshToken: 'rt', accountId: '123456789' }
 * ```
 */
export function tdConfigFromEnv(env: EnvMap): Record<string, unknown> {
  return configFromEnvNames(env, TD_ENV_NAMES);
}

export interface TdEndpoints {
  api: string;
  authorization: string;
  token: string;
}

/**
 * The endpoints of a config: TD's hosts, overrides where given.
 *
 * @example
 * ```ts
 * tdEndpoints(TdConfigSchema.parse({ paper: false })).api // 'https://api.tdameritrade.com/v1'
 * ```
 */
export function tdEndpoints(config: TdConfig): TdEndpoints {
  return {
    api: (config.baseUrl ?? TD_ENDPOINTS.api).replace(/\/+$/, ''),
    authorization: config.authorizationUrl ?? TD_ENDPOINTS.authorization,
    token: config.tokenUrl ?? TD_ENDPOINTS.token,
  };
}
