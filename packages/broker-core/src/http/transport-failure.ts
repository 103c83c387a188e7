/**
 * A request that got no HTTP answer. `notSent` is true only when it is proved that the request
 * never reached the broker; everything else may have been received and acted on.
 */
export interface TransportFailure {
  kind: 'timeout' | 'network';
  notSent: boolean;
  /**
   * The runtime's own error (never a wrapper holding the request, whose headers carry the
   * credentials, or a message with the full URL, query included).
   */
  cause: unknown;
}

/**
 * Error codes that can only happen before a connection exists, so nothing of the request was
 * written: connection refused, DNS failure, connect timeout. A reset, a timeout after connecting
 * (`ETIMEDOUT`), an unreachable network reported on a live socket, or any code not listed here
 * proves nothing and leaves the outcome unknown.
 */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

const MAX_CAUSE_DEPTH = 10;

/**
 * True when the error's cause chain proves the request never left this process: a code from
 * `NOT_SENT_CODES` on some error in the chain (for an `AggregateError`, on every one of its
 * errors, e.g. each address tried by happy eyeballs).
 *
 * @example
 * ```ts
 * provablyNotSent(new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })) // true
 * provablyNotSent(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })) // false
 * ```
 */
export function provablyNotSent(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_CAUSE_DEPTH) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => provablyNotSent(e, depth + 1))) return true;
  return provablyNotSent(cause, depth + 1);
}

/** What the client's fetch wrapper rejects with when no answer's headers came within the timeout. */
export const FETCH_TIMED_OUT: unique symbol = Symbol('fetch timed out');

const RAW_NETWORK_ERROR_MESSAGES: ReadonlySet<string> = new Set([
  'network error', // Chrome
  'NetworkError when attempting to fetch resource.', // Firefox
  'The Internet connection appears to be offline.', // Safari 16
  'Network request failed', // cross-fetch
  'fetch failed', // undici (Node.js)
  'terminated', // undici (Node.js)
  ' A network error occurred.', // Bun (WebKit); the leading space is intentional
  'Network connection lost', // Cloudflare Workers
]);

/** True for the runtime's own "the network failed" error from fetch (the errors ky wraps as `NetworkError`). */
export function isRawNetworkError(error: unknown): error is TypeError {
  if (Object.prototype.toString.call(error) !== '[object Error]') return false;
  const { name, message, stack } = error as Error;
  if (name !== 'TypeError' || typeof message !== 'string') return false;
  if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
    return stack === undefined || '__sentry_captured__' in (error as object);
  }
  if (message.startsWith('error sending request for url')) return true;
  if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) return true;
  return RAW_NETWORK_ERROR_MESSAGES.has(message);
}

/**
 * Classifies what a dispatched fetch rejected with when no answer came back: `FETCH_TIMED_OUT`
 * is a timeout, the runtime's network error a network failure (not sent only when proved),
 * anything else a network failure of unknown outcome.
 *
 * @example
 * ```ts
 * const failure = classifyTransportError(error, 10_000)
 * if (failure.kind === 'timeout') ...
 * ```
 */
export function classifyTransportError(error: unknown, timeoutMs: number): TransportFailure {
  if (error === FETCH_TIMED_OUT) {
    return { kind: 'timeout', notSent: false, cause: new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError') };
  }
  if (isRawNetworkError(error)) {
    return { kind: 'network', notSent: provablyNotSent(error), cause: error };
  }
  return { kind: 'network', notSent: false, cause: error };
}
