import type { Clock } from '../clock.ts';
import { ErrorCode } from '../errors/codes.ts';
import { silentLogger, type Logger } from '../logging/logger.ts';
import type { Redactor } from '../logging/redact.ts';
import type { RateLimiter } from '../rate-limit/limiter.ts';
import { mapHttpError, type ErrorMap } from './error-map.ts';
import type { HttpCall } from './http-call.ts';
import { orderAnswerOutcome } from './order-outcome.ts';
import { readRateLimitHeaders, type RateLimitHeaders } from './retry-timing.ts';

/** What an attempt needs to read and judge an answer. */
export interface AttemptSettings {
  broker: string;
  /** The fetch that goes to the network (the injected one, or the global one looked up per call). */
  fetch: typeof globalThis.fetch;
  clock: Clock;
  errorMap: ErrorMap;
  redactor: Redactor;
  logger: Logger;
  limiter?: RateLimiter | undefined;
  rateLimitHeaders?: RateLimitHeaders | undefined;
  requestIdHeader?: string | undefined;
}

function errorBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The fetch ky calls for each attempt of `call`. It reads the whole answer inside the attempt, so
 * ky's per-attempt timeout covers the body too (a body that stops arriving is a timeout ky can
 * retry, not a hang after ky is done), then logs the attempt, feeds the budget headers to the
 * limiter, and maps an error answer to the broker's error once (ky's retry decision and the
 * client's final error both read it from `call`). ky gets the answer back with its body read.
 *
 * fetch is called with the URL and the parts of ky's `Request` (method, headers, signal,
 * redirect) and the body as text, not with the `Request` itself: given a `Request`, fetch copies
 * it and pipes its body through a new stream proxy on every attempt, where a text body is written
 * as is. (It also keeps the injected fetch's `(url, init)` calling convention.)
 *
 * @example
 * ```ts
 * const attemptFetch = createAttemptFetch({ broker: 'alpaca', fetch, clock, errorMap, redactor, logger })
 * await api(path, { fetch: attemptFetch(call), context: { call } })
 * call.answer // { status, headers, text }
 * ```
 */
export function createAttemptFetch(settings: AttemptSettings): (call: HttpCall) => typeof globalThis.fetch {
  const { broker, clock, errorMap, redactor, logger, limiter, rateLimitHeaders, requestIdHeader } = settings;

  function log(call: HttpCall, status: number | string, started: number): void {
    if (logger === silentLogger) return;
    logger.debug('http', { method: call.method, path: call.route, status, ms: Math.round(performance.now() - started) });
  }

  function judge(call: HttpCall, status: number, headers: Headers, text: string): void {
    call.answer = { status, headers, text };
    call.error = undefined;
    if (limiter && rateLimitHeaders) {
      const { remaining, resetAt } = readRateLimitHeaders(headers, rateLimitHeaders, clock.now());
      if (remaining !== undefined || resetAt !== undefined) limiter.observe(remaining, resetAt);
    }
    if (status >= 200 && status < 300) return;
    const refused = call.mode.kind === 'order' && orderAnswerOutcome(status) === 'rejected';
    const error = mapHttpError(errorMap, status, errorBody(text), headers, {
      broker,
      method: call.method,
      path: call.route,
      now: clock.now(),
      redactor: call.secrets.over(redactor),
      ...(requestIdHeader ? { requestIdHeader } : {}),
      ...(rateLimitHeaders ? { rateLimitHeaders } : {}),
      ...(refused ? { outcome: 'rejected' as const } : {}),
    });
    // Everyone sharing the limiter waits, not only this call.
    if (error.code === ErrorCode.RATE_LIMIT && error.retryAfterMs !== undefined) limiter?.blockUntil(clock.now() + error.retryAfterMs);
    call.error = error;
  }

  return (call) => async (input, init) => {
    call.dispatched = true;
    const started = performance.now();
    const request = input as Request;
    const sent: RequestInit = { ...init, method: request.method, headers: request.headers, signal: request.signal, redirect: request.redirect };
    if (call.body !== undefined) sent.body = call.body;
    let response: Response;
    let text: string;
    try {
      response = await settings.fetch(request.url, sent);
      text = await response.text();
    } catch (error) {
      // ky aborts the attempt's signal when its timeout fires.
      log(call, request.signal.aborted ? 'timeout' : 'network', started);
      throw error;
    }
    log(call, response.status, started);
    judge(call, response.status, response.headers, text);
    // ky reads only the status and headers from here on: the answer itself, already read, is on `call`.
    return response;
  };
}
