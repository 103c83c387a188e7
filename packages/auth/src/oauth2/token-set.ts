import { z } from 'zod';
import type { OAuth2Provider } from './provider.ts';

/**
 * A token endpoint's answer (RFC 6749 §5.1), as Schwab and TD send it. Example (values made up):
 * `{"access_token":"I0.b2F1…","token_type":"Bearer","expires_in":1800,"refresh_token":"xy…","scope":"api","id_token":"eyJ…"}`;
 * TD adds `refresh_token_expires_in` (7776000, 90 days).
 */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** What is persisted for an OAuth 2.0 login: one JSON value, written in one atomic store write. */
export const TokenSetSchema = z.object({
  accessToken: z.string().min(1),
  tokenType: z.string(),
  /** Epoch ms. */
  accessTokenExpiresAt: z.number(),
  refreshToken: z.string().min(1).optional(),
  /** Epoch ms; absent when the provider does not say and no lifetime is known. */
  refreshTokenExpiresAt: z.number().optional(),
  scope: z.string().optional(),
  /** When the user last logged in (epoch ms); Schwab's 7 days count from here. */
  loginAt: z.number(),
  /** When this set was obtained (epoch ms). */
  obtainedAt: z.number(),
});
export type TokenSet = z.infer<typeof TokenSetSchema>;

/**
 * Turns a token answer into the persisted set. `issuedAt` is when the request was sent, so the
 * expiries err early. A refresh answer without a refresh token keeps the previous one (and its
 * expiry); a new one (rotation) replaces it.
 *
 * @example
 * ```ts
 * const next = tokenSetFromResponse(answer, sentAt, schwabOAuth2Provider(), previous)
 * ```
 */
export function tokenSetFromResponse(response: TokenResponse, issuedAt: number, provider: OAuth2Provider, previous?: TokenSet): TokenSet {
  const loginAt = previous?.loginAt ?? issuedAt;
  const set: TokenSet = {
    accessToken: response.access_token,
    tokenType: response.token_type ?? 'Bearer',
    accessTokenExpiresAt: issuedAt + (response.expires_in !== undefined ? response.expires_in * 1000 : provider.accessTokenLifetimeMs),
    loginAt,
    obtainedAt: issuedAt,
  };
  const scope = response.scope ?? previous?.scope;
  if (scope !== undefined) set.scope = scope;
  const rotated = response.refresh_token !== undefined && response.refresh_token !== previous?.refreshToken;
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  if (refreshToken !== undefined) set.refreshToken = refreshToken;
  let refreshExpiry: number | undefined;
  if (response.refresh_token_expires_in !== undefined) refreshExpiry = issuedAt + response.refresh_token_expires_in * 1000;
  else if (!rotated && previous?.refreshTokenExpiresAt !== undefined) refreshExpiry = previous.refreshTokenExpiresAt;
  else if (provider.refreshTokenLifetimeMs !== undefined) {
    refreshExpiry = (provider.refreshTokenLifetimeFrom === 'login' ? loginAt : issuedAt) + provider.refreshTokenLifetimeMs;
  }
  if (refreshExpiry !== undefined && refreshToken !== undefined) set.refreshTokenExpiresAt = refreshExpiry;
  return set;
}
