/** Endpoints and rules of an OAuth 1.0a provider. `etradeOAuth1Provider()` builds E*TRADE's. */
export interface OAuth1Provider {
  /** Broker type, used in error messages (`etrade`). */
  name: string;
  requestTokenUrl: string;
  accessTokenUrl: string;
  /** Reactivates an access token that went idle; absent where the provider has none. */
  renewAccessTokenUrl?: string;
  revokeAccessTokenUrl?: string;
  /** The page the user opens to approve the request token. */
  authorizeUrl(consumerKey: string, requestToken: string): string;
  /** HTTP method of the token steps (E*TRADE: GET). */
  method: 'GET' | 'POST';
  /** `oauth_callback` sent with the request-token step (`oob` for a verifier shown to the user). */
  callback: string;
  /** `realm` in the Authorization header, if the provider wants one. */
  realm?: string;
  /** Idle time after which an access token stops working until renewed. */
  idleTimeoutMs?: number;
  /** When an access token issued at `issuedAt` expires for good (a new login is needed). */
  accessTokenExpiresAt?(issuedAt: number): number;
}
