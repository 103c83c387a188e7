import type { OAuth2Provider } from '../oauth2/provider.ts';

/**
 * TD Ameritrade's OAuth 2.0 endpoints. The token URL is from the published PostAccessToken
 * contract; the authorization page is TD's documented `auth.tdameritrade.com/auth`. The API was
 * retired on 2024-05-10 (Schwab took it over): the preset keeps the documented contract.
 */
export const TD_AMERITRADE_OAUTH = {
  authorizationEndpoint: 'https://auth.tdameritrade.com/auth',
  tokenEndpoint: 'https://api.tdameritrade.com/v1/oauth2/token',
} as const;

/**
 * TD Ameritrade's OAuth 2.0 provider: a public client (`client_id` = consumer key +
 * `@AMER.OAUTHAP`, no secret), `access_type=offline` so every refresh returns a new refresh
 * token (rotation, 90 days each), access token 30 minutes.
 *
 * @example
 * ```ts
 * const client = new OAuth2TokenClient({ provider: tdAmeritradeOAuth2Provider(), clientId: consumerKey })
 * ```
 */
export function tdAmeritradeOAuth2Provider(overrides: Partial<OAuth2Provider> = {}): OAuth2Provider {
  return {
    name: 'td',
    ...TD_AMERITRADE_OAUTH,
    clientAuth: 'none',
    pkce: false,
    clientIdSuffix: '@AMER.OAUTHAP',
    tokenParams: { access_type: 'offline' },
    accessTokenLifetimeMs: 30 * 60_000,
    refreshTokenLifetimeMs: 90 * 24 * 60 * 60_000,
    refreshTokenLifetimeFrom: 'issue',
    ...overrides,
  };
}
