import type { OAuth1Provider } from '../oauth1/provider.ts';
import { nextMidnight, US_EASTERN } from '../oauth1/zoned-midnight.ts';

/** E*TRADE hosts (`../shared/specs/etrade/v1-facts.md` §1). */
export const ETRADE_HOSTS = {
  production: 'https://api.etrade.com',
  sandbox: 'https://apisb.etrade.com',
} as const;

export type EtradeEnvironment = keyof typeof ETRADE_HOSTS;

/** The authorize page, the same for both environments. */
export const ETRADE_AUTHORIZE_URL = 'https://us.etrade.com/e/t/etws/authorize';

export interface EtradeProviderOptions {
  /**
   * Host of the `/oauth/*` endpoints. Production uses `api.etrade.com`. For the sandbox E*TRADE's
   * docs show no host (unconfirmed): client libraries use either `apisb.etrade.com` (the default
   * here, the sandbox data host) or `api.etrade.com`; set this to switch.
   */
  oauthHost?: string;
}

/**
 * E*TRADE's OAuth 1.0a endpoints and token rules: every step a GET, `oauth_callback=oob`,
 * `realm=""`, tokens idle after 2 hours (renew), expired at midnight US/Eastern (new login).
 * Sandbox by default.
 *
 * @example
 * ```ts
 * const client = new OAuth1Client({ provider: etradeOAuth1Provider('sandbox'), consumerKey, consumerSecret })
 * ```
 */
export function etradeOAuth1Provider(environment: EtradeEnvironment = 'sandbox', options: EtradeProviderOptions = {}): OAuth1Provider {
  const host = (options.oauthHost ?? ETRADE_HOSTS[environment]).replace(/\/+$/, '');
  return {
    name: 'etrade',
    requestTokenUrl: `${host}/oauth/request_token`,
    accessTokenUrl: `${host}/oauth/access_token`,
    renewAccessTokenUrl: `${host}/oauth/renew_access_token`,
    revokeAccessTokenUrl: `${host}/oauth/revoke_access_token`,
    authorizeUrl: (consumerKey, requestToken) =>
      `${ETRADE_AUTHORIZE_URL}?key=${encodeURIComponent(consumerKey)}&token=${encodeURIComponent(requestToken)}`,
    method: 'GET',
    callback: 'oob',
    realm: '',
    idleTimeoutMs: 2 * 60 * 60 * 1000,
    accessTokenExpiresAt: (issuedAt) => nextMidnight(issuedAt, US_EASTERN),
  };
}
