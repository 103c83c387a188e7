import { randomBytes } from 'node:crypto';
import { createPkcePair } from './pkce.ts';
import type { OAuth2Provider } from './provider.ts';

/** What a login must keep between sending the user to the provider and the redirect. */
export interface AuthorizationRequest {
  /** Where to send the user. */
  url: string;
  /** The `state` the redirect must carry back. */
  state: string;
  redirectUri: string;
  /** The PKCE verifier for the code exchange, when PKCE is used. */
  codeVerifier?: string;
}

export interface AuthorizationUrlOptions {
  clientId: string;
  redirectUri: string;
  /** Default: the provider's scope. */
  scope?: string;
  /** Default: 256 random bits. */
  state?: string;
  /** Default: whether the provider accepts PKCE. */
  pkce?: boolean;
}

/**
 * A fresh `state`: 256 random bits, base64url. It ties the redirect to this login (CSRF).
 *
 * @example
 * ```ts
 * const state = createState()
 * ```
 */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The authorization-code URL (RFC 6749 §4.1.1) with `state`, and a PKCE S256 challenge where the
 * provider accepts one.
 *
 * @example
 * ```ts
 * const request = buildAuthorizationUrl(schwabOAuth2Provider(), { clientId, redirectUri: 'https://127.0.0.1:8182' })
 * console.log(`Open ${request.url}`)
 * ```
 */
export function buildAuthorizationUrl(provider: OAuth2Provider, options: AuthorizationUrlOptions): AuthorizationRequest {
  const state = options.state ?? createState();
  const url = new URL(provider.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', `${options.clientId}${provider.clientIdSuffix ?? ''}`);
  url.searchParams.set('redirect_uri', options.redirectUri);
  const scope = options.scope ?? provider.scope;
  if (scope) url.searchParams.set('scope', scope);
  url.searchParams.set('state', state);
  for (const [name, value] of Object.entries(provider.authorizationParams ?? {})) url.searchParams.set(name, value);
  const request: AuthorizationRequest = { url: '', state, redirectUri: options.redirectUri };
  if (options.pkce ?? provider.pkce) {
    const pair = createPkcePair();
    url.searchParams.set('code_challenge', pair.challenge);
    url.searchParams.set('code_challenge_method', pair.method);
    request.codeVerifier = pair.verifier;
  }
  request.url = url.toString();
  return request;
}
