import type { EnvMap } from '@invest/broker-core';
import { z } from 'zod';
import { configFromEnvNames, liveOrLoopbackUrl, requireLiveSetting } from './config-rules.ts';

/** Schwab's published hosts (Trader API, Market Data API, OAuth). There is no sandbox host. */
export const SCHWAB_ENDPOINTS = {
  trader: 'https://api.schwabapi.com/trader/v1',
  marketData: 'https://api.schwabapi.com/marketdata/v1',
  authorization: 'https://api.schwabapi.com/v1/oauth/authorize',
  token: 'https://api.schwabapi.com/v1/oauth/token',
} as const;

/** The only host a Schwab URL may name besides loopback (local fakes). */
export const SCHWAB_LIVE_HOSTS: readonly string[] = ['api.schwabapi.com'];

/** Environment variables the plugin reads. */
export const SCHWAB_ENV_NAMES = {
  clientId: 'SCHWAB_CLIENT_ID',
  clientSecret: 'SCHWAB_CLIENT_SECRET',
  accountNumber: 'SCHWAB_ACCOUNT_NUMBER',
  redirectUri: 'SCHWAB_REDIRECT_URI',
} as const;

const schwabUrl = liveOrLoopbackUrl(SCHWAB_LIVE_HOSTS, "Schwab's host");

/**
 * Configuration of one Schwab account. Schwab has no paper environment: the config must say
 * `paper: false` (live trading, real money) or it is refused. The app key and secret may be left
 * out here and read from the credential store; the OAuth tokens always live in the store
 * (`invest auth login NAME`).
 */
export const SchwabConfigSchema = z
  .strictObject({
    /** App key (OAuth client id). */
    clientId: z.string().trim().min(1).optional(),
    /** App secret (OAuth client secret). */
    clientSecret: z.string().min(1).optional(),
    /** Must be `false`: Schwab trades real money only. */
    paper: z.boolean({ error: 'must be true or false' }).optional(),
    /** The plain account number to trade; optional when the login sees one account only. */
    accountNumber: z.string().trim().regex(/^\d{1,20}$/, { error: 'must be the account number (digits)' }).optional(),
    /** Redirect URI registered with the app (the login's callback). */
    redirectUri: z.url({ protocol: /^https?$/ }).default('https://127.0.0.1:8182'),
    /** Trader API base URL override (loopback fakes). */
    baseUrl: schwabUrl.optional(),
    /** Market Data API base URL override. */
    marketDataUrl: schwabUrl.optional(),
    /** OAuth authorization URL override. */
    authorizationUrl: schwabUrl.optional(),
    /** OAuth token URL override. */
    tokenUrl: schwabUrl.optional(),
    /** Requests per minute for this app key, shared by every instance using it (Schwab's documented 120). */
    requestsPerMinute: z.number().int().min(1).max(100_000).default(120),
    /** Order requests (place, replace, cancel) per minute for this account (the app's order limit, default 120). */
    ordersPerMinute: z.number().int().min(1).max(100_000).default(120),
    /** Per-request timeout in ms. */
    timeoutMs: z.number().int().min(50).max(120_000).default(10_000),
  })
  .superRefine(requireLiveSetting('Schwab'));

/** A validated configuration (defaults applied). */
export type SchwabConfig = z.output<typeof SchwabConfigSchema>;
/** What a caller may write. */
export type SchwabConfigInput = z.input<typeof SchwabConfigSchema>;

/**
 * Builds a config input from environment variables (empty ones count as unset). Not validated
 * yet; `paper` is never set from the environment: live trading must be written in the config.
 *
 * @example
 * ```ts
 * schwabConfigFromEnv({ SCHWAB_CLIENT_ID: 'app-key', SCHWAB_ACCOUNT_NUMBER: '12345678' })
 * // { clientId: 'app-key', accountNumber: '12345678' }
 * ```
 */
export function schwabConfigFromEnv(env: EnvMap): Record<string, unknown> {
  return configFromEnvNames(env, SCHWAB_ENV_NAMES);
}

/** The URLs one configured account talks to. */
export interface SchwabEndpoints {
  trader: string;
  marketData: string;
  authorization: string;
  token: string;
}

/**
 * The endpoints of a config: Schwab's hosts, overrides where given.
 *
 * @example
 * ```ts
 * schwabEndpoints(SchwabConfigSchema.parse({ paper: false })).trader // 'https://api.schwabapi.com/trader/v1'
 * ```
 */
export function schwabEndpoints(config: SchwabConfig): SchwabEndpoints {
  const trim = (url: string): string => url.replace(/\/+$/, '');
  return {
    trader: trim(config.baseUrl ?? SCHWAB_ENDPOINTS.trader),
    marketData: trim(config.marketDataUrl ?? SCHWAB_ENDPOINTS.marketData),
    authorization: config.authorizationUrl ?? SCHWAB_ENDPOINTS.authorization,
    token: config.tokenUrl ?? SCHWAB_ENDPOINTS.token,
  };
}
