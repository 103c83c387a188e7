import type { BrokerError } from '../errors/broker-error.ts';
import type { Redactor } from '../logging/redact.ts';
import type { HttpMethod, HttpQuery } from './http-client.ts';
import { RequestSecrets } from './request-secrets.ts';

/** `call`: a plain request, retried up to `retries` times; `idempotent` says whether a lost one may be resent. */
export type CallMode = { kind: 'call'; retries: number; idempotent: boolean } | { kind: 'order'; clientOrderId: string };

/** The last answer an attempt read in full: status, headers and body text. */
export interface CallAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One request as the toolkit follows it through ky's attempts. ky's hooks and the attempt's fetch
 * write to it (attempts made, the answer read, the broker error it maps to); the client reads it
 * when ky settles, to turn the outcome into an `HttpResult` or a `BrokerError`.
 */
export interface HttpCall {
  readonly method: HttpMethod;
  readonly path: string;
  readonly mode: CallMode;
  /** The path without its query, known secrets scrubbed: what messages and logs name. */
  readonly route: string;
  /** `METHOD route`. */
  readonly what: string;
  /** Credentials and secret query values this call carried, scrubbed from broker messages. */
  readonly secrets: RequestSecrets;
  /**
   * The body as sent: `json` serialised, or the form encoded, once per call. Handed to fetch as is
   * on every attempt (see `createAttemptFetch`); ky's Request carries only the content type.
   */
  body?: string;
  /** Attempts started (limiter acquired, request signed). */
  attempts: number;
  /** Whether fetch was called at least once: before that, nothing left this process. */
  dispatched: boolean;
  /** The latest attempt's answer, when one came. */
  answer?: CallAnswer;
  /** The broker error the latest answer maps to, when it was not a 2xx. */
  error?: BrokerError;
}

/**
 * Starts following one request.
 *
 * @example
 * ```ts
 * const call = startCall('GET', '/v2/account?x=1', { kind: 'call', retries: 3, idempotent: true }, redactor)
 * call.what // 'GET /v2/account'
 * ```
 */
export function startCall(method: HttpMethod, path: string, mode: CallMode, redactor: Redactor, query?: HttpQuery): HttpCall {
  const route = redactor.text(path.split('?')[0]!);
  const secrets = new RequestSecrets();
  secrets.addQuery(query);
  return { method, path, mode, route, what: `${method} ${route}`, secrets, attempts: 0, dispatched: false };
}
