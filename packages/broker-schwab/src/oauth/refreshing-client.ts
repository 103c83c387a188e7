import { AuthenticationError, type HttpClient } from '@invest/broker-core';

/** The part of a token manager the client needs. */
export interface RefreshableTokens {
  accessToken(): Promise<string>;
  refresh(options?: { rejected?: string }): Promise<unknown>;
}

/**
 * Wraps an OAuth 2.0 HTTP client so that a 401 mid-session (an access token revoked or expired
 * early) costs one refresh and one more try of the same call, never more: a second 401 is thrown.
 * Safe for orders too: a 401 means the broker accepted nothing. Many calls refused at once share
 * one refresh (the token manager joins them).
 *
 * @example
 * ```ts
 * const trader = refreshOnUnauthorized(createHttpClient({ ..., authHeaders }), tokens)
 * ```
 */
export function refreshOnUnauthorized(client: HttpClient, tokens: RefreshableTokens): HttpClient {
  const once = async <T>(call: () => Promise<T>): Promise<T> => {
    const used = await tokens.accessToken();
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof AuthenticationError) || error.status !== 401) throw error;
      await tokens.refresh({ rejected: used });
      return call();
    }
  };
  return {
    broker: client.broker,
    baseUrl: client.baseUrl,
    get: (path, options) => once(() => client.get(path, options)),
    delete: (path, options) => once(() => client.delete(path, options)),
    post: (path, options) => once(() => client.post(path, options)),
    put: (path, options) => once(() => client.put(path, options)),
    patch: (path, options) => once(() => client.patch(path, options)),
    submitOrder: (method, path, options) => once(() => client.submitOrder(method, path, options)),
  };
}
