import { kyIfLoaded } from './ky-module.ts';

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

/**
 * Classifies what ky rejected with when no answer came back: its `TimeoutError` is a timeout, its
 * `NetworkError` (the runtime's own "the network failed") a network failure, not sent only when
 * proved; anything else after dispatch a network failure of unknown outcome. ky's errors are never
 * kept as the cause: they hold the request (credential headers) and the full URL (query included).
 *
 * @example
 * ```ts
 * const failure = classifyTransportError(error, 10_000)
 * if (failure.kind === 'timeout') ...
 * ```
 */
export function classifyTransportError(error: unknown, timeoutMs: number): TransportFailure {
  if (kyIfLoaded()?.isTimeoutError(error)) {
    return { kind: 'timeout', notSent: false, cause: new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError') };
  }
  if (kyIfLoaded()?.isNetworkError(error)) {
    return { kind: 'network', notSent: provablyNotSent(error.cause), cause: error.cause };
  }
  return { kind: 'network', notSent: false, cause: error };
}
