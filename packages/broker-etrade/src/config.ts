import { isLocalMachineHost, normalizeEndpoint, paperUrlProblem, type EnvMap } from '@invest/broker-core';
import { z } from 'zod';

/**
 * E*TRADE's hosts (v1-facts §1). The data API and the OAuth token steps share a host; the
 * sandbox OAuth host is unconfirmed (clients use either), so it can be set apart with `loginUrl`.
 */
export const ETRADE_ENDPOINTS = {
  api: { sandbox: 'https://apisb.etrade.com', live: 'https://api.etrade.com' },
} as const;

/** Hosts allowed while `paper` is on (besides loopback): the sandbox only, for the data API and the OAuth steps alike. */
export const ETRADE_SANDBOX_HOSTS: readonly string[] = ['apisb.etrade.com'];

/** Environment variables the plugin reads. */
export const ETRADE_ENV_NAMES = {
  consumerKey: 'ETRADE_CONSUMER_KEY',
  consumerSecret: 'ETRADE_CONSUMER_SECRET',
  accessToken: 'ETRADE_ACCESS_TOKEN',
  accessTokenSecret: 'ETRADE_ACCESS_TOKEN_SECRET',
  account: 'ETRADE_ACCOUNT',
  paper: 'ETRADE_SANDBOX',
} as const;

/** An absolute https URL, or http on loopback only (local fakes). */
const endpointUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLocalMachineHost(url.hostname));
    } catch {
      return false;
    }
  },
  { error: 'must be an absolute https:// URL (http:// only on loopback)' },
);

/**
 * Configuration of one E*TRADE account. The sandbox unless `paper: false` is written out. The
 * consumer key pair may come from the config, the environment or the credential store; the access
 * token from `invest auth login NAME` (kept in the store, renewed and expired by its rules), or, for
 * scripts, given here as `accessToken` / `accessTokenSecret`.
 */
export const EtradeConfigSchema = z
  .strictObject({
    /** OAuth consumer key. */
    consumerKey: z.string().trim().min(1).optional(),
    /** OAuth consumer secret. */
    consumerSecret: z.string().min(1).optional(),
    /** Access token, when not taken from the stored login session. */
    accessToken: z.string().min(1).optional(),
    /** Access token secret (with `accessToken`). */
    accessTokenSecret: z.string().min(1).optional(),
    /** Sandbox (default). Production needs `paper: false`, written out. */
    paper: z.boolean({ error: 'must be true or false' }).default(true),
    /** Which account: its `accountId` or `accountIdKey`. Default: the only account, or the first active brokerage account. */
    account: z.string().trim().min(1).optional(),
    /** Data API base URL override; by default the sandbox or production host. */
    baseUrl: endpointUrl.optional(),
    /** Host of the OAuth token steps (`/oauth/*`, the login and renewals); by default the same as the data host. (Not named oauth...: setting names with 'auth' have their values hidden in errors.) */
    loginUrl: endpointUrl.optional(),
    /** Request budget per second for this consumer key (E*TRADE's legacy order and account limit is 2/s). */
    rateLimitPerSecond: z.number().int().min(1).max(100_000).default(2),
    /** Per-request timeout in ms. */
    timeoutMs: z.number().int().min(50).max(120_000).default(10_000),
  })
  .superRefine((config, ctx) => {
    for (const field of ['baseUrl', 'loginUrl'] as const) {
      const value = config[field];
      if (value === undefined) continue;
      if (config.paper) {
        const problem = paperUrlProblem(value, { allowed: ETRADE_SANDBOX_HOSTS, field, broker: 'etrade', liveSetting: 'paper: false' });
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `${value} ${problem}` });
      } else if (field === 'baseUrl') {
        let host: string;
        try {
          host = normalizeEndpoint(value).host;
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: [field], message: (error as Error).message });
          continue;
        }
        if (ETRADE_SANDBOX_HOSTS.includes(host)) ctx.addIssue({ code: 'custom', path: [field], message: `is E*TRADE's sandbox host while paper is false` });
      }
    }
    if ((config.accessToken === undefined) !== (config.accessTokenSecret === undefined)) {
      ctx.addIssue({ code: 'custom', path: [config.accessToken === undefined ? 'accessToken' : 'accessTokenSecret'], message: 'accessToken and accessTokenSecret go together' });
    }
  });

/** A validated configuration (defaults applied). */
export type EtradeConfig = z.output<typeof EtradeConfigSchema>;
/** What a caller may write (defaults optional). */
export type EtradeConfigInput = z.input<typeof EtradeConfigSchema>;

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

/**
 * Builds a config input from environment variables (empty ones count as unset). Not validated
 * yet: the registry validates it with `EtradeConfigSchema`.
 *
 * @example
 * ```ts
 * etradeConfigFromEnv({ ETRADE_CONSUMER_KEY: 'ck', ETRADE_CONSUMER_SECRET: 'cs', ETRADE_SANDBOX: 'false' })
 * // { consumerKey: 'ck', consumerSecret: 'cs', paper: false }
 * ```
 */
export function etradeConfigFromEnv(env: EnvMap): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ETRADE_ENV_NAMES)) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') continue;
    config[key] = key === 'paper' ? (BOOLEAN_WORDS[value.toLowerCase()] ?? value) : value;
  }
  return config;
}

/** The two URLs one configured account talks to. */
export interface EtradeEndpoints {
  /** Data API (`/v1/...`). */
  api: string;
  /** OAuth token steps (`/oauth/...`). */
  oauth: string;
}

/**
 * The endpoints for a config: the sandbox unless `paper` is false, overrides where given.
 *
 * @example
 * ```ts
 * etradeEndpoints(EtradeConfigSchema.parse({})).api // 'https://apisb.etrade.com'
 * ```
 */
export function etradeEndpoints(config: EtradeConfig): EtradeEndpoints {
  const api = (config.baseUrl ?? ETRADE_ENDPOINTS.api[config.paper ? 'sandbox' : 'live']).replace(/\/+$/, '');
  return { api, oauth: (config.loginUrl ?? api).replace(/\/+$/, '') };
}
