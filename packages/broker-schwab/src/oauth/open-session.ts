import type { OAuth2Provider, OAuth2TokenManager } from '@invest/auth';
import { Redactor, type HttpClient, type Logger, type PluginContext } from '@invest/broker-core';
import { createOAuthHttp } from '../http/client.ts';
import type { OrderJsonTuning } from '../tuning.ts';
import { resolveClientCredentials, type ClientCredentialSources } from './client-credentials.ts';
import { oauthTokenStore } from './token-store.ts';
import { createOAuthTokens } from './tokens.ts';

/** What one OAuth 2.0 account is opened with. */
export interface OpenOAuthSessionOptions<K extends string> {
  /** The provider, from the endpoints of the config. */
  provider: (endpoints: { authorization: string; token: string }) => OAuth2Provider;
  endpoints: { authorization: string; token: string };
  client: Omit<ClientCredentialSources, 'name'>;
  baseUrls: Readonly<Record<K, string>>;
  requestsPerMinute: number;
  timeoutMs: number;
  ctx: PluginContext;
  logger: Logger;
  tuning: OrderJsonTuning;
  redactor: Redactor;
  seedRefreshToken?: string | undefined;
}

/** An opened account: its HTTP clients and token manager. */
export interface OAuthSession<K extends string> {
  http: Record<K, HttpClient>;
  tokens: OAuth2TokenManager;
}

/**
 * Opens an OAuth 2.0 account: the client id (and secret) from the config or the credential store,
 * the token manager over the store (seeded with a given refresh token when the store has no login
 * yet), and the HTTP clients with the bearer token, the one-refresh-on-401 rule and the request
 * budget per app key. Every secret met is added to `redactor`.
 *
 * @example
 * ```ts
 * const { http, tokens } = await openOAuthSession({ provider: (e) => schwabOAuth2Provider({ authorizationEndpoint: e.authorization, tokenEndpoint: e.token }), ... })
 * ```
 */
export async function openOAuthSession<K extends string>(options: OpenOAuthSessionOptions<K>): Promise<OAuthSession<K>> {
  const { ctx, redactor } = options;
  const client = await resolveClientCredentials({ ...options.client, name: ctx.name }, ctx.credentials);
  redactor.add(client.clientSecret);
  const tokens = await createOAuthTokens({
    provider: options.provider(options.endpoints), client, name: ctx.name, store: oauthTokenStore(ctx.credentials), clock: ctx.clock,
    logger: options.logger, redactor, fetch: ctx.fetch, timeoutMs: options.timeoutMs, seedRefreshToken: options.seedRefreshToken,
  });
  const http = createOAuthHttp({
    broker: options.client.broker, baseUrls: options.baseUrls, tokens, clientId: client.clientId, requestsPerMinute: options.requestsPerMinute,
    timeoutMs: options.timeoutMs, clock: ctx.clock, logger: options.logger, redactor, fetch: ctx.fetch, retry: options.tuning.retry, random: options.tuning.random,
  });
  return { http, tokens };
}
