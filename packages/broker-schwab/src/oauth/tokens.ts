import { OAUTH2_TOKENS_KEY, OAuth2TokenClient, OAuth2TokenManager, type OAuth2Provider } from '@invest/auth';
import type { Clock, CredentialStore, Logger, Redactor } from '@invest/broker-core';
import type { OAuthClientCredentials } from './client-credentials.ts';

/** What an adapter's token manager is made of. */
export interface OAuthTokensOptions {
  provider: OAuth2Provider;
  client: OAuthClientCredentials;
  /** Instance name the tokens are stored under; `invest auth login NAME` names it. */
  name: string;
  store: CredentialStore;
  clock: Clock;
  logger: Logger;
  redactor: Redactor;
  fetch?: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  /**
   * A refresh token given outside the store (TD's `TD_REFRESH_TOKEN`): used when the store holds
   * no login yet, as a login whose access token must be refreshed first.
   */
  seedRefreshToken?: string | undefined;
}

/**
 * The access-token source of one adapter, on `@invest/auth`: refreshes before expiry, one refresh
 * however many callers, rotation persisted, and `ReauthRequiredError` naming `invest auth login
 * NAME` once the refresh token is gone. The client secret and every token are added to `redactor`.
 *
 * @example
 * ```ts
 * const tokens = await createOAuthTokens({ provider: schwabOAuth2Provider(), client, name, store, clock, logger, redactor, timeoutMs: 10_000 })
 * const header = await tokens.authorization()
 * ```
 */
export async function createOAuthTokens(options: OAuthTokensOptions): Promise<OAuth2TokenManager> {
  const { provider, client, name, store, clock } = options;
  const tokenClient = new OAuth2TokenClient({
    provider,
    clientId: client.clientId,
    ...(client.clientSecret !== undefined ? { clientSecret: client.clientSecret } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    timeoutMs: options.timeoutMs,
    redactor: options.redactor,
  });
  if (options.seedRefreshToken !== undefined && (await store.get(name, OAUTH2_TOKENS_KEY)) === undefined) {
    options.redactor.add(options.seedRefreshToken);
    const now = clock.now();
    // An access token that is already expired: the first call refreshes with the seeded token.
    await store.set(name, OAUTH2_TOKENS_KEY, JSON.stringify({
      accessToken: 'expired', tokenType: 'Bearer', accessTokenExpiresAt: 0, refreshToken: options.seedRefreshToken, loginAt: now, obtainedAt: 0,
    }));
  }
  const stored = await store.get(name, OAUTH2_TOKENS_KEY);
  if (stored !== undefined) {
    // Tokens read back are secrets too: scrub them from every message before the first request.
    try {
      const set = JSON.parse(stored) as { accessToken?: unknown; refreshToken?: unknown };
      if (typeof set.accessToken === 'string') options.redactor.add(set.accessToken);
      if (typeof set.refreshToken === 'string') options.redactor.add(set.refreshToken);
    } catch {
      // Unreadable: the token manager says so and asks for a new login.
    }
  }
  return new OAuth2TokenManager({ client: tokenClient, store, broker: name, clock, logger: options.logger });
}
