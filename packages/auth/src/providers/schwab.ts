import type { OAuth2Provider } from '../oauth2/provider.ts';

/** Schwab's OAuth 2.0 endpoints (`../shared/specs/schwab/trader_api.openapi.json`, securitySchemes). */
export const SCHWAB_OAUTH = {
  authorizationEndpoint: 'https://api.schwabapi.com/v1/oauth/authorize',
  tokenEndpoint: 'https://api.schwabapi.com/v1/oauth/token',
} as const;

/**
 * Schwab's OAuth 2.0 provider: authorization code, client authentication by HTTP Basic, access
 * token 30 minutes, refresh token 7 days from the login (then a new login). Schwab has no
 * sandbox host. PKCE is off by default: the published spec does not mention it (set
 * `pkce: true` to send it). Schwab registers only `https://` redirect URIs, so the loopback
 * listener needs `tls`, or use the manual flow.
 *
 * @example
 * ```ts
 * const client = new OAuth2TokenClient({ provider: schwabOAuth2Provider(), clientId, clientSecret })
 * ```
 */
export function schwabOAuth2Provider(overrides: Partial<OAuth2Provider> = {}): OAuth2Provider {
  return {
    name: 'schwab',
    ...SCHWAB_OAUTH,
    clientAuth: 'basic',
    pkce: false,
    accessTokenLifetimeMs: 30 * 60_000,
    refreshTokenLifetimeMs: 7 * 24 * 60 * 60_000,
    refreshTokenLifetimeFrom: 'login',
    ...overrides,
  };
}
