import { describe, expect, it } from 'vitest';
import { BrokerError } from '../errors/broker-error.ts';
import {
  AuthenticationError,
  BrokerProtocolError,
  ConnectionError,
  InsufficientFundsError,
  InvalidOrderError,
  OrderNotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '../errors/subclasses.ts';
import { Redactor } from '../logging/redact.ts';
import { defineErrorMap, mapHttpError, resolveErrorKind } from './error-map.ts';

const map = defineErrorMap({
  extract: (body) => {
    const b = body as { code?: number; message?: string; request_id?: string };
    return { code: b.code, message: b.message, requestId: b.request_id };
  },
  byCode: { '40310000': 'insufficient_funds', '40410000': 'not_found' },
  byText: [
    [/insufficient buying power/i, 'insufficient_funds'],
    [/pattern day trad/gi, 'permission'],
  ],
  byStatus: { 409: 'invalid_order', 503: 'connection' },
});

describe('resolveErrorKind', () => {
  it('resolves exact code, then text, then status, then the defaults', () => {
    // Code beats text: the message says day trading but the code says funds.
    expect(resolveErrorKind(map, 403, { code: 40310000, message: 'pattern day trading' })).toBe('insufficient_funds');
    expect(resolveErrorKind(map, 403, { code: 1, message: 'Pattern Day Trading protection' })).toBe('permission');
    // Text beats status.
    expect(resolveErrorKind(map, 409, { message: 'insufficient buying power' })).toBe('insufficient_funds');
    expect(resolveErrorKind(map, 409, { message: 'already canceled' })).toBe('invalid_order');
    expect(resolveErrorKind(map, 503, {})).toBe('connection');
  });

  it('falls back to a default by status and status class', () => {
    const none = defineErrorMap();
    expect([400, 401, 403, 404, 408, 422, 429, 418, 500, 503, 302, 0].map((s) => resolveErrorKind(none, s, {}))).toEqual([
      'invalid_order', 'authentication', 'permission', 'not_found', 'connection', 'invalid_order', 'rate_limit', 'broker', 'broker', 'broker', 'protocol', 'broker',
    ]);
  });

  it('gives the same answer every time for a /g pattern', () => {
    const details = { message: 'pattern day trading' };
    expect([1, 2, 3].map(() => resolveErrorKind(map, 403, details))).toEqual(['permission', 'permission', 'permission']);
  });

  it('does not find Object.prototype members as codes', () => {
    expect(resolveErrorKind(map, 418, { code: 'constructor' })).toBe('broker');
  });
});

describe('mapHttpError', () => {
  it.each([
    [403, { code: 40310000, message: 'insufficient buying power', request_id: 'r-1' }, InsufficientFundsError],
    [403, { code: 40310001, message: 'Pattern day trading protection', request_id: 'r-2' }, PermissionDeniedError],
    [409, { code: 40910000, message: 'order is not cancelable', request_id: 'r-3' }, InvalidOrderError],
    [404, { code: 40410000, message: 'order not found', request_id: 'r-4' }, OrderNotFoundError],
    [401, { code: 40110000, message: 'request is not authorized', request_id: 'r-5' }, AuthenticationError],
    [429, { code: 42910000, message: 'rate limit exceeded', request_id: 'r-6' }, RateLimitError],
    [503, { code: 50300000, message: 'upstream unavailable', request_id: 'r-7' }, ConnectionError],
  ] as const)('maps HTTP %i %o to its class, keeping the broker code, message and request id', (status, body, Class) => {
    const error = mapHttpError(map, status, body, {}, { broker: 'alpaca', method: 'POST', path: '/v2/orders' });
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ broker: 'alpaca', status, brokerCode: body.code, brokerMessage: body.message, requestId: body.request_id });
    expect(error.message).toContain(body.message);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain('POST /v2/orders');
  });

  it('says what happened in plain words before the broker message', () => {
    const error = mapHttpError(map, 403, { code: 40310000, message: 'insufficient buying power' }, {}, { broker: 'alpaca' });
    expect(error.message).toBe('alpaca: not enough cash or buying power: insufficient buying power (HTTP 403, code 40310000)');
  });

  it('marks 5xx broker errors retryable and refusals not', () => {
    expect(mapHttpError(map, 500, {}).retryable).toBe(true);
    expect(mapHttpError(map, 418, {}).retryable).toBe(false);
    expect(mapHttpError(map, 422, {}).retryable).toBe(false);
    expect(mapHttpError(map, 429, {}).retryable).toBe(true);
  });

  it('takes the request id from the configured header when the body has none', () => {
    const error = mapHttpError(map, 500, { message: 'boom' }, { 'X-Request-ID': 'hdr-9' }, { requestIdHeader: 'x-request-id' });
    expect(error.requestId).toBe('hdr-9');
  });

  it('keeps Retry-After, and the reset header for a rate limit', () => {
    const now = Date.parse('2026-01-02T14:30:00Z');
    expect(mapHttpError(map, 429, {}, { 'retry-after': '7' }, { now }).retryAfterMs).toBe(7000);
    const reset = { 'x-ratelimit-reset': String(now / 1000 + 2) };
    const rateLimitHeaders = { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', resetUnit: 'epoch-seconds' } as const;
    expect(mapHttpError(map, 429, {}, reset, { now, rateLimitHeaders }).retryAfterMs).toBe(2000);
    expect(mapHttpError(map, 500, {}, reset, { now, rateLimitHeaders }).retryAfterMs).toBeUndefined();
  });

  it('reads common fields and plain text with the default extractor, never markup', () => {
    const none = defineErrorMap();
    expect(mapHttpError(none, 400, { code: 'E1', message: 'bad qty' })).toMatchObject({ brokerCode: 'E1', brokerMessage: 'bad qty' });
    expect(mapHttpError(none, 400, { error: 'invalid_grant', error_description: 'refresh token expired' }).brokerMessage).toBe('refresh token expired');
    expect(mapHttpError(none, 400, 'Too many requests, slow down').brokerMessage).toBe('Too many requests, slow down');
    expect(mapHttpError(none, 502, '<html><body>Bad Gateway</body></html>').brokerMessage).toBeUndefined();
  });

  it('matches text on a plain-text body (E*TRADE answers its rate limit as HTTP 400 text)', () => {
    const etrade = defineErrorMap({ byText: [[/exceeded the number of times/i, 'rate_limit']] });
    const error = mapHttpError(etrade, 400, 'You have exceeded the number of times you can access this API', {}, { broker: 'etrade' });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryable).toBe(true);
  });

  it('bounds the broker message and scrubs secrets from it', () => {
    const long = `token=abc123456789 ${'x'.repeat(2000)}`;
    const error = mapHttpError(defineErrorMap(), 400, { message: long }, {}, { redactor: new Redactor(['hunter2secret']) });
    expect(error.brokerMessage!.length).toBeLessThanOrEqual(501);
    expect(error.message.length).toBeLessThan(320);
    const echoed = mapHttpError(defineErrorMap(), 401, { message: 'bad key hunter2secret' }, {}, { redactor: new Redactor(['hunter2secret']) });
    expect(echoed.brokerMessage).toBe('bad key [REDACTED]');
    expect(echoed.message).not.toContain('hunter2secret');
  });

  it('still maps by status when the extractor throws, keeping its error as cause', () => {
    const broken = defineErrorMap({ extract: () => { throw new Error('extractor bug'); } });
    const error = mapHttpError(broken, 429, { code: 1 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error.cause as Error).message).toBe('extractor bug');
  });

  it('maps a 3xx as an unreadable answer and an unknown status as a broker error', () => {
    expect(mapHttpError(defineErrorMap(), 302, undefined)).toBeInstanceOf(BrokerProtocolError);
    const error = mapHttpError(defineErrorMap(), 418, undefined);
    expect(error.constructor).toBe(BrokerError);
  });

  it('refuses unknown kinds and malformed text rules when the map is defined', () => {
    expect(() => defineErrorMap({ byCode: { X: 'nope' as never } })).toThrow(/unknown error kind/);
    expect(() => defineErrorMap({ byText: [['text' as never, 'broker']] })).toThrow(/RegExp/);
  });
});
