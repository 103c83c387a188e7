/** Endpoints and habits of an OAuth 2.0 provider. `schwabOAuth2Provider()` and `tdAmeritradeOAuth2Provider()` build the presets. */
export interface OAuth2Provider {
  /** Broker type, used in error messages (`schwab`). */
  name: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /**
   * How the client proves itself at the token endpoint: `basic` (HTTP Basic with id and secret,
   * Schwab), `body` (both in the form), `none` (a public client: `client_id` in the form, TD).
   */
  clientAuth: 'basic' | 'body' | 'none';
  /** Whether to send a PKCE S256 challenge; only where the provider is known to accept it. */
  pkce: boolean;
  /** Scope to request, if the provider wants one. */
  scope?: string;
  /** Appended to the client id everywhere it is sent (TD: `@AMER.OAUTHAP`). */
  clientIdSuffix?: string;
  /** Extra authorization URL parameters. */
  authorizationParams?: Readonly<Record<string, string>>;
  /** Extra form fields on code exchange and refresh (TD: `access_type=offline` to get a new refresh token). */
  tokenParams?: Readonly<Record<string, string>>;
  /** Access-token lifetime when the answer has no `expires_in`. */
  accessTokenLifetimeMs: number;
  /** Refresh-token lifetime when the answer has no `refresh_token_expires_in`; absent if unknown. */
  refreshTokenLifetimeMs?: number;
  /**
   * What the refresh-token lifetime counts from: `login` (Schwab: 7 days from the login, however
   * often it is refreshed) or `issue` (each new refresh token gets the full lifetime).
   */
  refreshTokenLifetimeFrom?: 'login' | 'issue';
}
