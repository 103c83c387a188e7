import { ReauthRequiredError, type HttpClient } from '@invest/broker-core';

/**
 * The same error, or, for a `ReauthRequiredError` that does not yet say how to log in (E*TRADE
 * answered 401 token_expired or token_revoked before the local midnight check saw it), one that
 * names the command, keeping the broker's code, status and outcome.
 *
 * @example
 * ```ts
 * throw withLoginHint(error, 'invest auth login etrade-main')
 * ```
 */
export function withLoginHint(error: unknown, command: string): unknown {
  if (!(error instanceof ReauthRequiredError) || error.command !== undefined) return error;
  return new ReauthRequiredError(`${error.message}; log in again with \`${command}\``, {
    broker: error.broker,
    command,
    cause: error,
    ...(error.brokerCode !== undefined ? { brokerCode: error.brokerCode } : {}),
    ...(error.brokerMessage !== undefined ? { brokerMessage: error.brokerMessage } : {}),
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    ...(error.outcome !== undefined ? { outcome: error.outcome } : {}),
  });
}

/**
 * An HTTP client whose every method turns a bare `ReauthRequiredError` into one naming the login
 * command (see `withLoginHint`); everything else passes through untouched.
 *
 * @example
 * ```ts
 * const http = hintingClient(createEtradeHttp(options), 'invest auth login etrade-main')
 * ```
 */
export function hintingClient(http: HttpClient, command: string): HttpClient {
  const hint = <T>(call: Promise<T>): Promise<T> => call.catch((error: unknown) => Promise.reject(withLoginHint(error, command)));
  return {
    broker: http.broker,
    baseUrl: http.baseUrl,
    get: (path, options) => hint(http.get(path, options)),
    delete: (path, options) => hint(http.delete(path, options)),
    post: (path, options) => hint(http.post(path, options)),
    put: (path, options) => hint(http.put(path, options)),
    patch: (path, options) => hint(http.patch(path, options)),
    submitOrder: (method, path, options) => hint(http.submitOrder(method, path, options)),
  };
}
