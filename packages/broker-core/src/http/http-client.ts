import type { KyInstance, Options as KyOptions } from 'ky';
import type { z } from 'zod';
import { BrokerError, isBrokerError } from '../errors/broker-error.ts';
import { ConnectionError } from '../errors/subclasses.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { Redactor } from '../logging/redact.ts';
import type { RateLimiter } from '../rate-limit/limiter.ts';
import { createAttemptFetch } from './attempt-fetch.ts';
import { resolveClientSettings } from './client-settings.ts';
import type { ErrorMap } from './error-map.ts';
import { startCall, type CallMode, type HttpCall } from './http-call.ts';
import { createKyInstance, retryOptions, type CallContext } from './ky-instance.ts';
import { kyIfLoaded } from './ky-module.ts';
import { orderAnswerError, orderTransportError, unknownOrderOutcome } from './order-outcome.ts';
import { parseResponseBody } from './response-body.ts';
import type { RateLimitHeaders } from './retry-timing.ts';
import { classifyTransportError, type TransportFailure } from './transport-failure.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Methods an order submission (new order, replace) may use. */
export type OrderMethod = 'POST' | 'PUT' | 'PATCH';

/** Query parameters; `undefined` values are left out. */
export type HttpQuery = Readonly<Record<string, string | number | boolean | undefined>>;

/** The request being signed. `url` is final: base URL, path and query. */
export interface HttpAuthRequest {
  method: HttpMethod;
  url: URL;
}

/**
 * Returns the credential headers for one request. Called for every attempt (a retry is signed
 * again), so OAuth 1.0a adapters can sign with a fresh nonce and timestamp.
 */
export type HttpAuthHeaders = (request: HttpAuthRequest) => Record<string, string> | Promise<Record<string, string>>;

export interface HttpRetryOptions {
  /** Retries after the first attempt, for idempotent requests only. Default 3. */
  limit?: number;
  /** First backoff; doubles each retry, full jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff. Default 10 000 ms. */
  maxDelayMs?: number;
  /**
   * Longest server-requested wait (`Retry-After`, reset header) the client sleeps through before
   * retrying. A longer one is thrown at once as `RateLimitError` with `retryAfterMs`. Default 60 000 ms.
   */
  maxRetryAfterMs?: number;
}

export interface HttpClientOptions {
  /** Broker type, named in every error (`alpaca`). */
  broker: string;
  /**
   * Absolute base URL; request paths are appended to it (`https://api.schwabapi.com/trader/v1` +
   * `/accounts`). https, or http on loopback only. Use `selectBaseUrl` to pick paper or live.
   */
  baseUrl: string;
  /** Per attempt, for the whole answer (headers and body). Default 10 000 ms. */
  timeoutMs?: number;
  retry?: HttpRetryOptions;
  /**
   * Time source for the rate limiter and for reading rate-limit headers. Default the system clock.
   * Retry waits run on real timers (ky's).
   */
  clock?: Clock;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Acquired once before every request sent, retries included. */
  limiter?: RateLimiter;
  /** Headers carrying the broker's remaining budget; every answer's are fed to `limiter.observe`. */
  rateLimitHeaders?: RateLimitHeaders;
  /** Credential headers, computed per request. Their values never reach a message or a log. */
  authHeaders?: HttpAuthHeaders;
  /** How the broker's error bodies map to core errors. Default: status-based defaults only. */
  errorMap?: ErrorMap;
  /** Response header with the broker's request id (`x-request-id`), kept on results and errors. */
  requestIdHeader?: string;
  /** fetch to use (tests, instrumentation), called as `(url, init)` once per attempt. Default the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Gets one debug record per request: method, path, status, ms. Default silent. */
  logger?: Logger;
  /** Known secrets to scrub from paths and broker messages. */
  redactor?: Redactor;
}

export interface HttpRequestOptions<S extends z.ZodType> {
  /** Parses the answer's body (`undefined` when empty). */
  schema: S;
  query?: HttpQuery;
  /** Extra request headers. Credentials go through `authHeaders`, never here. */
  headers?: Readonly<Record<string, string>>;
}

/** A JSON body, a form body, or none. */
export type HttpRequestBody =
  | { json?: unknown; form?: undefined }
  | { form: Readonly<Record<string, string>>; json?: undefined };

/** A per-request override of the client's retry limit. */
export interface HttpRetryOverride {
  /**
   * Retries after the first attempt for this request, instead of the client's `retry.limit`;
   * `0` sends it once (a lookup in a loop that retries on its own).
   */
  retry?: number;
}

/** Options of a GET. */
export type HttpReadOptions<S extends z.ZodType> = HttpRequestOptions<S> & HttpRetryOverride;
/** Options of a DELETE. Retried unless `idempotent: false` (a DELETE that places an order, e.g. closing a position). */
export type HttpDeleteOptions<S extends z.ZodType> = HttpRequestOptions<S> & HttpRequestBody & HttpRetryOverride & { idempotent?: boolean };
/** Options of a POST, PUT or PATCH. Retried only with `idempotent: true`. */
export type HttpWriteOptions<S extends z.ZodType> = HttpRequestOptions<S> & HttpRequestBody & { idempotent?: boolean };
/** Options of an order submission; `clientOrderId` goes on `UnknownOutcomeError` for the lookup. */
export type HttpOrderOptions<S extends z.ZodType> = HttpRequestOptions<S> & HttpRequestBody & { clientOrderId: string };

/** A parsed answer. `headers` is there for what the body does not carry (Schwab's `Location`). */
export interface HttpResult<T> {
  data: T;
  status: number;
  headers: Headers;
  /** From `requestIdHeader`, where configured and present. */
  requestId?: string;
}

/**
 * The REST transport adapters share. Every method resolves with an `HttpResult` or rejects with a
 * `BrokerError`: the mapped broker error, `ConnectionError` (no answer), `BrokerProtocolError`
 * (unreadable answer), `RateLimitError`, or for `submitOrder` `UnknownOutcomeError`.
 */
export interface HttpClient {
  readonly broker: string;
  readonly baseUrl: string;
  get<S extends z.ZodType>(path: string, options: HttpReadOptions<S>): Promise<HttpResult<z.output<S>>>;
  delete<S extends z.ZodType>(path: string, options: HttpDeleteOptions<S>): Promise<HttpResult<z.output<S>>>;
  post<S extends z.ZodType>(path: string, options: HttpWriteOptions<S>): Promise<HttpResult<z.output<S>>>;
  put<S extends z.ZodType>(path: string, options: HttpWriteOptions<S>): Promise<HttpResult<z.output<S>>>;
  patch<S extends z.ZodType>(path: string, options: HttpWriteOptions<S>): Promise<HttpResult<z.output<S>>>;
  /**
   * Sends an order (new or replace). Never retried. Rejects with the mapped error and
   * `outcome: 'rejected'` when the broker refused it (any 4xx but 408, with or without a body);
   * with `ConnectionError` and `outcome: 'denied'` when it provably never left (no connection
   * could be made); otherwise — timeout, reset, 408, 5xx, redirect, unreadable 2xx — with
   * `UnknownOutcomeError`: look the order up by `clientOrderId` before sending it again.
   */
  submitOrder<S extends z.ZodType>(method: OrderMethod, path: string, options: HttpOrderOptions<S>): Promise<HttpResult<z.output<S>>>;
}

const ABSOLUTE_URL = /^(?:[a-z][a-z\d+.-]*:|\/\/)/i;
const ORDER_METHODS: ReadonlySet<string> = new Set<OrderMethod>(['POST', 'PUT', 'PATCH']);

type AnyOptions = HttpRequestOptions<z.ZodType> & HttpRequestBody & HttpRetryOverride;

/**
 * Creates the HTTP client a REST adapter talks to its broker through, on one ky instance: ky
 * builds each request (base URL + path, query without its `undefined` values, JSON or form body,
 * headers), times every attempt out, and retries reads (GET, DELETE, and writes marked
 * `idempotent`) on network errors, timeouts, 5xx and rate limits, with exponential backoff and
 * jitter or the wait a 429's `Retry-After` or reset header asks. Other writes are sent once;
 * orders go through `submitOrder`, which never retries and classifies every failure as rejected,
 * denied or unknown. Each attempt takes a grant from the shared limiter and is signed afresh.
 * Answers are parsed with the caller's zod schema; error answers are mapped through the broker's
 * error map. Redirects are never followed.
 *
 * @example
 * ```ts
 * const http = createHttpClient({
 *   broker: 'alpaca',
 *   baseUrl: selectBaseUrl({ paper: 'https://paper-api.alpaca.markets', live: 'https://api.alpaca.markets' }, config.environment),
 *   authHeaders: () => ({ 'APCA-API-KEY-ID': keyId, 'APCA-API-SECRET-KEY': secret }),
 *   errorMap: alpacaErrors,
 *   limiter: sharedRateLimiter(`alpaca:${keyId}`, [{ limit: 200, windowMs: 60_000 }]),
 *   rateLimitHeaders: { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', resetUnit: 'epoch-seconds' },
 *   requestIdHeader: 'x-request-id',
 * })
 * const { data: account } = await http.get('/v2/account', { schema: AlpacaAccountSchema })
 * const { data: order } = await http.submitOrder('POST', '/v2/orders', { json: body, schema: AlpacaOrderSchema, clientOrderId })
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const settings = resolveClientSettings(options);
  const { broker, baseUrl, timeoutMs, retry, redactor } = settings;
  // Made on the first request (ky itself is imported then: see ky-module.ts).
  let api: Promise<KyInstance> | undefined;
  const kyInstance = (): Promise<KyInstance> => (api ??= createKyInstance({ broker, baseUrl, timeoutMs, limiter: options.limiter, authHeaders: options.authHeaders }));
  const attemptFetch = createAttemptFetch({
    broker,
    // Looked up per call, so a fetch patched after the client was made (a mock) is still used.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock: settings.clock,
    errorMap: settings.errorMap,
    redactor,
    logger: settings.logger,
    limiter: options.limiter,
    rateLimitHeaders: options.rateLimitHeaders,
    requestIdHeader: options.requestIdHeader,
  });
  const retrying = retryOptions(settings.retryLimit, retry);
  const once = retryOptions(0, retry);

  /** Failed before fetch was called: nothing left this process. */
  function notDispatched(call: HttpCall, error: unknown): BrokerError {
    if (isBrokerError(error)) return error;
    return new BrokerError(`${broker}: could not build the request ${call.what}`, {
      broker,
      cause: error,
      ...(call.mode.kind === 'order' ? { outcome: 'denied' as const } : {}),
    });
  }

  function connectionError(call: HttpCall, idempotent: boolean, failure: TransportFailure): ConnectionError {
    const tries = call.attempts <= 1 ? '' : ` (${call.attempts} attempts)`;
    const what = failure.kind === 'timeout'
      ? `no answer within ${timeoutMs} ms to ${call.what}`
      : failure.notSent ? `could not connect for ${call.what}` : `the connection failed during ${call.what}`;
    // A write that may have arrived is not safe to send again, whatever the error class's default.
    return new ConnectionError(`${broker}: ${what}${tries}`, { broker, cause: failure.cause, retryable: idempotent || failure.notSent });
  }

  /** What ky rejected with, as the BrokerError the caller gets. */
  function failed(call: HttpCall, error: unknown): BrokerError {
    // Thrown by our own hooks (signing): already the right error.
    if (isBrokerError(error)) return error;
    const { mode } = call;
    if (kyIfLoaded()?.isHTTPError(error) && call.error && call.answer) {
      return mode.kind === 'order' ? orderAnswerError(broker, call, mode.clientOrderId, call.answer.status, call.error) : call.error;
    }
    if (!call.dispatched) return notDispatched(call, error);
    const failure = classifyTransportError(error, timeoutMs);
    return mode.kind === 'order' ? orderTransportError(broker, call, mode.clientOrderId, failure, timeoutMs) : connectionError(call, mode.idempotent, failure);
  }

  function kyOptions(call: HttpCall, o: AnyOptions): KyOptions {
    const retries = call.mode.kind === 'order' ? 0 : call.mode.retries;
    const context: CallContext = { call };
    const init: KyOptions = {
      method: call.method,
      retry: retries === settings.retryLimit ? retrying : retries === 0 ? once : retryOptions(retries, retry),
      context: context as unknown as Record<string, unknown>,
      fetch: attemptFetch(call),
    };
    if (o.query !== undefined) init.searchParams = o.query;
    // A Headers object, so ky merges it over the defaults by name, case-insensitively (`Accept` replaces `accept`).
    const headers = new Headers(o.headers);
    // The body is serialised once here and given to every attempt's fetch as text; ky's Request
    // carries only its content type (a body there would be copied into a stream per attempt, unused).
    if (o.json !== undefined) {
      call.body = JSON.stringify(o.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    } else if (o.form !== undefined) {
      call.body = new URLSearchParams(o.form).toString();
      if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    }
    init.headers = headers;
    return init;
  }

  async function send(call: HttpCall, o: AnyOptions): Promise<HttpResult<unknown>> {
    if (ABSOLUTE_URL.test(call.path)) {
      // An absolute URL would carry the credentials to whatever host it names.
      throw new TypeError(`${broker}: request paths must be relative to the base URL`);
    }
    const instance = await kyInstance();
    let pending: Promise<Response>;
    try {
      // ky builds the Request here, synchronously: a header or body fetch refuses throws now.
      pending = instance(call.path, kyOptions(call, o));
    } catch (error) {
      throw notDispatched(call, error);
    }
    try {
      await pending;
    } catch (error) {
      throw failed(call, error);
    }
    const { status, headers, text } = call.answer!;
    const requestId = options.requestIdHeader ? headers.get(options.requestIdHeader) ?? undefined : undefined;
    let data: unknown;
    try {
      data = parseResponseBody(o.schema, text, { broker, what: call.what, status, ...(requestId !== undefined ? { requestId } : {}) });
    } catch (error) {
      if (call.mode.kind !== 'order') throw error;
      const reason = `its answer (HTTP ${status}) could not be read`;
      throw unknownOrderOutcome(broker, call, call.mode.clientOrderId, reason, error, isBrokerError(error) ? error : undefined);
    }
    return { data, status, headers, ...(requestId !== undefined ? { requestId } : {}) };
  }

  function request(method: HttpMethod, path: string, o: AnyOptions, mode: CallMode): Promise<HttpResult<unknown>> {
    return send(startCall(method, path, mode, redactor, o.query), o);
  }

  function callMode(o: HttpRetryOverride, idempotent: boolean): CallMode {
    if (!idempotent) return { kind: 'call', retries: 0, idempotent };
    const retries = o.retry ?? settings.retryLimit;
    if (!Number.isInteger(retries) || retries < 0) throw new TypeError(`${broker}: retry must be a whole number of retries (0 or more)`);
    return { kind: 'call', retries, idempotent };
  }

  async function order(method: OrderMethod, path: string, o: HttpOrderOptions<z.ZodType>): Promise<HttpResult<unknown>> {
    // Checked at run time too: a JS caller (or a cast) must not get an order sent as a retried GET.
    if (!ORDER_METHODS.has(method)) throw new TypeError(`${broker}: submitOrder method must be POST, PUT or PATCH`);
    if (typeof o.clientOrderId !== 'string' || o.clientOrderId === '') {
      throw new TypeError(`${broker}: submitOrder needs the order's clientOrderId`);
    }
    return request(method, path, o, { kind: 'order', clientOrderId: o.clientOrderId });
  }
  async function write(method: HttpMethod, path: string, o: HttpWriteOptions<z.ZodType>): Promise<HttpResult<unknown>> {
    return request(method, path, o, callMode({}, o.idempotent === true));
  }
  // The schema's type flows from each method's signature; inside, the body is `unknown` until parsed.
  type Sent<S extends z.ZodType> = Promise<HttpResult<z.output<S>>>;

  return {
    broker,
    baseUrl,
    get: async <S extends z.ZodType>(path: string, o: HttpReadOptions<S>) => request('GET', path, o, callMode(o, true)) as Sent<S>,
    delete: async <S extends z.ZodType>(path: string, o: HttpDeleteOptions<S>) => request('DELETE', path, o, callMode(o, o.idempotent !== false)) as Sent<S>,
    post: <S extends z.ZodType>(path: string, o: HttpWriteOptions<S>) => write('POST', path, o) as Sent<S>,
    put: <S extends z.ZodType>(path: string, o: HttpWriteOptions<S>) => write('PUT', path, o) as Sent<S>,
    patch: <S extends z.ZodType>(path: string, o: HttpWriteOptions<S>) => write('PATCH', path, o) as Sent<S>,
    submitOrder: <S extends z.ZodType>(method: OrderMethod, path: string, o: HttpOrderOptions<S>) => order(method, path, o) as Sent<S>,
  };
}
