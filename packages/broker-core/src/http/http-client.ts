import type { z } from 'zod';
import { systemClock, type Clock } from '../clock.ts';
import { BrokerError, isBrokerError } from '../errors/broker-error.ts';
import { ErrorCode } from '../errors/codes.ts';
import { AuthenticationError, ConfigError, ConnectionError, UnknownOutcomeError } from '../errors/subclasses.ts';
import { silentLogger, type Logger } from '../logging/logger.ts';
import { Redactor } from '../logging/redact.ts';
import type { RateLimiter } from '../rate-limit/limiter.ts';
import { defineErrorMap, mapHttpError, type ErrorMap } from './error-map.ts';
import { orderAnswerOutcome } from './order-answer.ts';
import { RequestSecrets } from './request-secrets.ts';
import { parseResponseBody } from './response-body.ts';
import { backoffDelay, readRateLimitHeaders, type RateLimitHeaders } from './retry-timing.ts';
import { Deadlines } from './deadlines.ts';
import { classifyTransportError, FETCH_TIMED_OUT, type TransportFailure } from './transport-failure.ts';

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
  /** Per attempt, for the answer's headers and again for its body. Default 10 000 ms. */
  timeoutMs?: number;
  retry?: HttpRetryOptions;
  /** Time source for retry waits and rate-limit times. Default the system clock. */
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
  /** fetch to use (tests, instrumentation). Default the global fetch. */
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

/** Options of a GET. */
export type HttpReadOptions<S extends z.ZodType> = HttpRequestOptions<S>;
/** Options of a DELETE (retried: deleting twice changes nothing more). */
/** Options of a DELETE. Retried unless `idempotent: false` (a DELETE that places an order, e.g. closing a position). */
export type HttpDeleteOptions<S extends z.ZodType> = HttpRequestOptions<S> & HttpRequestBody & { idempotent?: boolean };
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
   * `outcome: 'rejected'` when the broker refused it (a 4xx with a body, or 429); with
   * `ConnectionError` and `outcome: 'denied'` when it provably never left (no connection could be
   * made); otherwise — timeout, reset, 5xx, redirect, bare 4xx, unreadable 2xx — with
   * `UnknownOutcomeError`: look the order up by `clientOrderId` before sending it again.
   */
  submitOrder<S extends z.ZodType>(method: OrderMethod, path: string, options: HttpOrderOptions<S>): Promise<HttpResult<z.output<S>>>;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  limit: 3,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
} as const;

/** setTimeout's ceiling; a larger timeout would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;
const ABSOLUTE_URL = /^(?:[a-z][a-z\d+.-]*:|\/\/)/i;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
const ORDER_METHODS: ReadonlySet<string> = new Set<OrderMethod>(['POST', 'PUT', 'PATCH']);

/** `call`: a plain request, retried `retries` times; `idempotent` says whether a lost one may be resent. */
type Mode = { kind: 'call'; retries: number; idempotent: boolean } | { kind: 'order'; clientOrderId: string };

/**
 * One request as the client handles it. A class, not a literal with getters: its lazy fields cost
 * nothing per request until read (an object literal with accessors is built slowly).
 */
class Call {
  #route: string | undefined;

  constructor(
    readonly method: HttpMethod,
    readonly path: string,
    readonly options: HttpRequestOptions<z.ZodType> & HttpRequestBody,
    readonly mode: Mode,
    readonly redactor: Redactor,
  ) {}

  /** The path without its query, secrets scrubbed, for messages and logs (computed on first read). */
  get route(): string {
    return (this.#route ??= this.redactor.text(this.path.split('?')[0]!));
  }

  /** `METHOD route`. */
  get what(): string {
    return `${this.method} ${this.route}`;
  }
}

/** What a signer sees; the `URL` is parsed only for a signer that reads it (OAuth 1.0a). */
class SignRequest implements HttpAuthRequest {
  #url: URL | undefined;

  constructor(
    readonly method: HttpMethod,
    readonly href: string,
  ) {}

  get url(): URL {
    return (this.#url ??= new URL(this.href));
  }
}

/** Where an answer came from, for `parseResponseBody`'s messages (`what` only on the way to an error). */
class AnswerSource {
  constructor(
    readonly broker: string,
    readonly call: Call,
    readonly status: number,
    readonly requestId: string | undefined,
  ) {}

  get what(): string {
    return this.call.what;
  }
}

type Attempt =
  | { type: 'answer'; status: number; headers: Headers; body: string }
  | { type: 'failure'; failure: TransportFailure };

/** A header name fetch accepts (an RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What fetch strips from both ends of a header value. */
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** What fetch refuses inside a header value (NUL, CR, LF, and anything past Latin-1). */
const BAD_VALUE = /[\0\n\r\u0100-\uffff]/;

/**
 * Sets a header on a plain record the way `Headers.set` would (name lower-cased, value trimmed of
 * HTTP whitespace). False, with nothing set, where `Headers.set` would throw.
 */
function setHeader(headers: Record<string, string>, name: string, value: unknown): boolean {
  if (typeof name !== 'string' || !HEADER_NAME.test(name) || typeof value === 'symbol') return false;
  // Headers converts a non-string value to text first (a JS caller's number, say).
  const clean = String(value).replace(HTTP_WHITESPACE, '');
  if (BAD_VALUE.test(clean)) return false;
  headers[name.toLowerCase()] = clean;
  return true;
}

function checkedBaseUrl(broker: string, baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(`${broker}: baseUrl must be an absolute URL`, { path: 'baseUrl', broker });
  }
  // Credentials must not cross a network in clear text; plain http is for local fakes only.
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure) throw new ConfigError(`${broker}: baseUrl must use https (http only on loopback)`, { path: 'baseUrl', broker });
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${broker}: baseUrl must not have a query or fragment`, { path: 'baseUrl', broker });
  }
  return url.href.replace(/\/+$/, '');
}

function checkedNumber(broker: string, path: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${broker}: ${path} must be a number from ${min} to ${max}, got ${value}`, { path, broker });
  }
  return value;
}

/**
 * Creates the HTTP client a REST adapter talks to its broker through (the configured `fetch`,
 * called directly: one call per attempt, redirects never followed). Reads (GET, DELETE, and
 * writes marked `idempotent`) are retried on network
 * errors, timeouts, 5xx and rate limits, waiting at least what `Retry-After` or the reset header
 * asks and otherwise backing off exponentially with jitter; other writes are sent once; orders go
 * through `submitOrder`, which never retries and classifies every failure as rejected, denied or
 * unknown. Answers are parsed with the caller's zod schema; error answers are mapped through the
 * broker's error map. Timeouts run on real time (the network does); waits run on `clock`.
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
  const broker = options.broker;
  const baseUrl = checkedBaseUrl(broker, options.baseUrl);
  const timeoutMs = checkedNumber(broker, 'timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs, 1, MAX_TIMEOUT_MS);
  const retryLimit = checkedNumber(broker, 'retry.limit', options.retry?.limit ?? DEFAULTS.limit, 0, 100);
  if (!Number.isInteger(retryLimit)) throw new ConfigError(`${broker}: retry.limit must be a whole number`, { path: 'retry.limit', broker });
  const backoff = {
    baseDelayMs: checkedNumber(broker, 'retry.baseDelayMs', options.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs, 0),
    maxDelayMs: checkedNumber(broker, 'retry.maxDelayMs', options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs, 0),
  };
  const maxRetryAfterMs = checkedNumber(broker, 'retry.maxRetryAfterMs', options.retry?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs, 0);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const errorMap = options.errorMap ?? defineErrorMap();
  const logger = options.logger ?? silentLogger;
  const redactor = options.redactor ?? new Redactor();
  // Looked up per call, so a fetch patched after the client was made (a mock) is still used.
  const baseFetch: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  // Userinfo in the base URL: a Request cannot be built with it, so no request is ever sent.
  const baseHasCredentials = (() => {
    const url = new URL(baseUrl);
    return url.username !== '' || url.password !== '';
  })();
  const basePrefix = `${baseUrl}/`;
  // Every attempt's timeouts (headers, then body) share one timer.
  const deadlines = new Deadlines(timeoutMs);
  const LEADING_SLASHES = /^\/+/;

  function log(call: Call, status: number | string, started: number): void {
    if (logger === silentLogger) return;
    logger.debug('http', {
      method: call.method,
      // A getter: the route is scrubbed only if the record is written (debug is usually off).
      get path() {
        return call.route;
      },
      status,
      ms: Math.round(performance.now() - started),
    });
  }

  /**
   * The request URL: base URL + path, then the query's defined values appended (and any key the
   * query sets to `undefined` removed from a query written into the path).
   */
  function requestUrl(call: Call): string {
    const url = new URL(basePrefix + call.path.replace(LEADING_SLASHES, ''));
    if (baseHasCredentials) throw new TypeError('Request cannot be constructed from a URL that includes credentials');
    const query = call.options.query;
    if (query === undefined || Object.keys(query).length === 0) return url.href;
    const defined: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) if (value !== undefined) (defined as Record<string, unknown>)[key] = value;
    for (const [key, value] of new URLSearchParams(defined)) url.searchParams.append(key, value);
    for (const [key, value] of Object.entries(query)) if (value === undefined) url.searchParams.delete(key);
    return url.href;
  }

  /**
   * Adds the credential headers to the request's headers; their values are remembered as this
   * request's secrets. Synchronous when the signer is (header-key brokers): no await to pay.
   */
  function sign(call: Call, href: string, headers: Record<string, string>, secrets: RequestSecrets): void | Promise<void> {
    const authHeaders = options.authHeaders;
    if (!authHeaders) return;
    const nothingSent = call.mode.kind === 'order' ? { outcome: 'denied' as const } : {};
    const failed = (error: unknown): BrokerError =>
      isBrokerError(error) ? error : new AuthenticationError(`${broker}: could not sign ${call.what}`, { broker, cause: error, ...nothingSent });
    const apply = (signed: Record<string, string>): void => {
      for (const [name, value] of Object.entries(signed)) {
        secrets.addValue(value);
        if (!setHeader(headers, name, value)) {
          // Never quoted: it is a credential.
          throw new AuthenticationError(`${broker}: auth header ${name} has a value that cannot be sent`, { broker, ...nothingSent });
        }
      }
    };
    let signed: Record<string, string> | Promise<Record<string, string>>;
    try {
      signed = authHeaders(new SignRequest(call.method, href));
    } catch (error) {
      throw failed(error);
    }
    if (!(signed instanceof Promise)) return apply(signed);
    return signed.then(apply, (error: unknown) => {
      throw failed(error);
    });
  }

  /** The fetch call, raced against the timeout for the answer's headers (rejects with `FETCH_TIMED_OUT`). */
  function dispatch(href: string, init: RequestInit, controller: AbortController): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const deadline = deadlines.start(() => {
        controller.abort();
        reject(FETCH_TIMED_OUT);
      });
      let pending: Promise<Response>;
      try {
        pending = baseFetch(href, init);
      } catch (error) {
        deadline.cancel();
        reject(error);
        return;
      }
      pending.then(
        (response) => {
          deadline.cancel();
          resolve(response);
        },
        (error: unknown) => {
          deadline.cancel();
          reject(error);
        },
      );
    });
  }

  async function attempt(call: Call, secrets: RequestSecrets): Promise<Attempt> {
    // A grant that is there already is taken without a turn of the event loop.
    if (options.limiter && !options.limiter.tryAcquire()) await options.limiter.acquire();
    const started = performance.now();
    const { json, form, headers: extra } = call.options;
    let href: string;
    // A plain record (names lower-cased, values checked as fetch would): fetch copies it into its
    // own Headers faster than it iterates a Headers object.
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | URLSearchParams | undefined;
    try {
      if (extra) {
        for (const [name, value] of Object.entries(extra)) {
          if (!setHeader(headers, name, value)) throw new TypeError(`header ${JSON.stringify(name)} has a name or value fetch cannot send`);
        }
      }
      if (json !== undefined) {
        body = JSON.stringify(json);
        headers['content-type'] ??= 'application/json';
      } else if (form !== undefined) {
        body = new URLSearchParams(form);
      }
      href = requestUrl(call);
      if (call.method === 'GET' && body !== undefined) throw new TypeError('Request with GET/HEAD method cannot have body.');
      const signing = sign(call, href, headers, secrets);
      if (signing) await signing;
    } catch (error) {
      throw notDispatched(call, error);
    }
    // One signal for the whole attempt: aborted by the headers timeout or, later, the body's.
    const controller = new AbortController();
    const init: RequestInit = { method: call.method, headers, signal: controller.signal, redirect: 'manual' };
    if (body !== undefined) init.body = body;
    let response: Response;
    try {
      response = await dispatch(href, init, controller);
    } catch (error) {
      const failure = classifyTransportError(error, timeoutMs);
      log(call, failure.kind, started);
      return { type: 'failure', failure };
    }
    const bodyDeadline = deadlines.start(() => controller.abort());
    try {
      const text = await response.text();
      log(call, response.status, started);
      return { type: 'answer', status: response.status, headers: response.headers, body: text };
    } catch (error) {
      const kind = controller.signal.aborted ? 'timeout' : 'network';
      log(call, kind, started);
      return { type: 'failure', failure: { kind, notSent: false, cause: error } };
    } finally {
      bodyDeadline.cancel();
    }
  }

  /** Failed before fetch was called: nothing left this process. */
  function notDispatched(call: Call, error: unknown): BrokerError {
    if (isBrokerError(error)) return error;
    return new BrokerError(`${broker}: could not build the request ${call.what}`, {
      broker,
      cause: error,
      ...(call.mode.kind === 'order' ? { outcome: 'denied' as const } : {}),
    });
  }

  function observeBudget(headers: Headers): void {
    if (!options.limiter || !options.rateLimitHeaders) return;
    const { remaining, resetAt } = readRateLimitHeaders(headers, options.rateLimitHeaders, clock.now());
    if (remaining !== undefined || resetAt !== undefined) options.limiter.observe(remaining, resetAt);
  }

  function errorBody(text: string): unknown {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  function connectionError(call: Call, idempotent: boolean, failure: TransportFailure, attempts: number): ConnectionError {
    const tries = attempts === 1 ? '' : ` (${attempts} attempts)`;
    const what = failure.kind === 'timeout'
      ? `no answer within ${timeoutMs} ms to ${call.what}`
      : failure.notSent ? `could not connect for ${call.what}` : `the connection failed during ${call.what}`;
    // A write that may have arrived is not safe to send again, whatever the error class's default.
    return new ConnectionError(`${broker}: ${what}${tries}`, { broker, cause: failure.cause, retryable: idempotent || failure.notSent });
  }

  function unknownOutcome(call: Call, clientOrderId: string, reason: string, cause: unknown, from?: BrokerError): UnknownOutcomeError {
    return new UnknownOutcomeError(
      `${broker}: order ${clientOrderId} may have been placed: ${reason} (${call.what}); look it up by client order id before sending it again`,
      {
        broker,
        clientOrderId,
        cause,
        ...(from?.status !== undefined ? { status: from.status } : {}),
        ...(from?.brokerCode !== undefined ? { brokerCode: from.brokerCode } : {}),
        ...(from?.brokerMessage !== undefined ? { brokerMessage: from.brokerMessage } : {}),
        ...(from?.requestId !== undefined ? { requestId: from.requestId } : {}),
      },
    );
  }

  function orderTransportError(call: Call, clientOrderId: string, failure: TransportFailure): BrokerError {
    if (failure.notSent) {
      return new ConnectionError(`${broker}: could not connect to send order ${clientOrderId} (${call.what}); nothing was sent`, {
        broker,
        outcome: 'denied',
        cause: failure.cause,
      });
    }
    const reason = failure.kind === 'timeout' ? `no answer within ${timeoutMs} ms` : 'the connection failed after the request was sent';
    return unknownOutcome(call, clientOrderId, reason, failure.cause);
  }

  async function send(call: Call): Promise<HttpResult<unknown>> {
    if (ABSOLUTE_URL.test(call.path)) {
      // An absolute URL would carry the credentials to whatever host it names.
      throw new TypeError(`${broker}: request paths must be relative to the base URL`);
    }
    const attempts = call.mode.kind === 'call' ? 1 + call.mode.retries : 1;
    for (let n = 1; ; n++) {
      const secrets = new RequestSecrets();
      secrets.addQuery(call.options.query);
      const result = await attempt(call, secrets);

      if (result.type === 'failure') {
        if (call.mode.kind === 'order') throw orderTransportError(call, call.mode.clientOrderId, result.failure);
        if (n >= attempts) throw connectionError(call, call.mode.idempotent, result.failure, n);
        await clock.sleep(backoffDelay(n, backoff, random));
        continue;
      }

      observeBudget(result.headers);
      const requestId = options.requestIdHeader ? result.headers.get(options.requestIdHeader) ?? undefined : undefined;
      if (result.status >= 200 && result.status < 300) {
        let data: unknown;
        try {
          data = parseResponseBody(call.options.schema, result.body, new AnswerSource(broker, call, result.status, requestId));
        } catch (error) {
          if (call.mode.kind === 'order') {
            const reason = `its answer (HTTP ${result.status}) could not be read`;
            throw unknownOutcome(call, call.mode.clientOrderId, reason, error, isBrokerError(error) ? error : undefined);
          }
          throw error;
        }
        return { data, status: result.status, headers: result.headers, ...(requestId !== undefined ? { requestId } : {}) };
      }

      const refused = call.mode.kind === 'order' && orderAnswerOutcome(result.status, result.body) === 'rejected';
      const error = mapHttpError(errorMap, result.status, errorBody(result.body), result.headers, {
        broker,
        method: call.method,
        path: call.route,
        now: clock.now(),
        redactor: secrets.over(redactor),
        ...(options.requestIdHeader ? { requestIdHeader: options.requestIdHeader } : {}),
        ...(options.rateLimitHeaders ? { rateLimitHeaders: options.rateLimitHeaders } : {}),
        ...(refused ? { outcome: 'rejected' as const } : {}),
      });
      // Everyone sharing the limiter waits, not only this call.
      if (error.code === ErrorCode.RATE_LIMIT && error.retryAfterMs !== undefined) {
        options.limiter?.blockUntil(clock.now() + error.retryAfterMs);
      }
      if (call.mode.kind === 'order') {
        if (refused) throw error;
        throw unknownOutcome(call, call.mode.clientOrderId, `the broker answered HTTP ${result.status}`, error, error);
      }
      const serverWait = error.retryAfterMs ?? 0;
      if (!error.retryable || n >= attempts || serverWait > maxRetryAfterMs) throw error;
      await clock.sleep(Math.max(serverWait, backoffDelay(n, backoff, random)));
    }
  }

  function call(method: HttpMethod, path: string, options: HttpRequestOptions<z.ZodType> & HttpRequestBody, mode: Mode): Call {
    // Messages and logs name the route: never the query, and known secrets scrubbed from the path.
    return new Call(method, path, options, mode, redactor);
  }

  const retrying: Mode = { kind: 'call', retries: retryLimit, idempotent: true };
  const once: Mode = { kind: 'call', retries: 0, idempotent: false };

  function order(method: OrderMethod, path: string, o: HttpOrderOptions<z.ZodType>): Promise<HttpResult<unknown>> {
    // Checked at run time too: a JS caller (or a cast) must not get an order sent as a retried GET.
    if (!ORDER_METHODS.has(method)) throw new TypeError(`${broker}: submitOrder method must be POST, PUT or PATCH`);
    if (typeof o.clientOrderId !== 'string' || o.clientOrderId === '') {
      throw new TypeError(`${broker}: submitOrder needs the order's clientOrderId`);
    }
    return send(call(method, path, o, { kind: 'order', clientOrderId: o.clientOrderId }));
  }
  // The schema's type flows from each method's signature; inside, the body is `unknown` until parsed.
  type Sent<S extends z.ZodType> = Promise<HttpResult<z.output<S>>>;

  return {
    broker,
    baseUrl,
    get: <S extends z.ZodType>(path: string, o: HttpReadOptions<S>) => send(call('GET', path, o, retrying)) as Sent<S>,
    delete: <S extends z.ZodType>(path: string, o: HttpDeleteOptions<S>) => send(call('DELETE', path, o, o.idempotent === false ? once : retrying)) as Sent<S>,
    post: <S extends z.ZodType>(path: string, o: HttpWriteOptions<S>) => send(call('POST', path, o, o.idempotent ? retrying : once)) as Sent<S>,
    put: <S extends z.ZodType>(path: string, o: HttpWriteOptions<S>) => send(call('PUT', path, o, o.idempotent ? retrying : once)) as Sent<S>,
    patch: <S extends z.ZodType>(path: string, o: HttpWriteOptions<S>) => send(call('PATCH', path, o, o.idempotent ? retrying : once)) as Sent<S>,
    submitOrder: <S extends z.ZodType>(method: OrderMethod, path: string, o: HttpOrderOptions<S>) => {
      // Not async (that would cost an extra turn per order), but a bad call still rejects.
      try {
        return order(method, path, o) as Sent<S>;
      } catch (error) {
        return Promise.reject(error as Error) as Sent<S>;
      }
    },
  };
}
