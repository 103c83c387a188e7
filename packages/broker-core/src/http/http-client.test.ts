import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../../tools/test-setup/canary.ts';
import { ManualClock } from '../clock.ts';
import { BrokerError } from '../errors/broker-error.ts';
import {
  AuthenticationError,
  BrokerProtocolError,
  ConfigError,
  ConnectionError,
  InsufficientFundsError,
  InvalidOrderError,
  OrderNotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '../errors/subclasses.ts';
import { createLogger, type LogRecord } from '../logging/logger.ts';
import { Redactor } from '../logging/redact.ts';
import { RateLimiter } from '../rate-limit/limiter.ts';
import { defineErrorMap } from './error-map.ts';
import { createHttpClient, type HttpClientOptions } from './http-client.ts';

const BASE = 'https://api.example.test/v2';
const START = Date.parse('2026-01-02T14:30:00Z');
const Account = z.object({ id: z.string(), cash: z.string() });
const ACCOUNT = { id: 'acct-1', cash: '1000.00' };
const RATE_HEADERS = { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', resetUnit: 'epoch-seconds' } as const;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Waits cost nothing: random 0 makes every backoff 0 ms, so a ManualClock never has to move. */
function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({ broker: 'test', baseUrl: BASE, clock: new ManualClock(START), random: () => 0, ...overrides });
}

async function rejection(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BrokerError);
  return error as BrokerError;
}

/** Answers each request with the next response and counts requests. */
function sequence(method: 'get' | 'post' | 'delete' | 'put' | 'patch', path: string, responses: (() => Response | Promise<Response>)[]) {
  const seen: Request[] = [];
  server.use(
    http[method](`${BASE}${path}`, ({ request }) => {
      seen.push(request);
      const next = responses[Math.min(seen.length, responses.length) - 1]!;
      return next();
    }),
  );
  return seen;
}

/** Answers the n-th request (from 1) with `answer(n)` and records the time of each, as `Date.now()` sees it. */
function track(method: 'get' | 'post', path: string, answer: (n: number) => Response) {
  const times: number[] = [];
  server.use(
    http[method](`${BASE}${path}`, () => {
      times.push(Date.now());
      return answer(times.length);
    }),
  );
  return times;
}

/** Lets real I/O (msw's fetch) run: a few turns of the event loop, which fake timers leave alone. */
async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `body` with timers and `Date` faked from START: ky's retry waits (real timers) then cost
 * nothing and land on exact times. `advance` moves time in 10 ms steps, letting I/O settle in
 * between, so a timer is always set before time passes it.
 */
async function onFakeTime(body: (advance: (ms: number) => Promise<void>) => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
  try {
    await body(async (ms) => {
      for (let moved = 0; moved < ms; moved += 10) {
        await settle();
        await vi.advanceTimersByTimeAsync(10);
      }
      await settle();
    });
  } finally {
    vi.useRealTimers();
  }
}

/** A 200 whose body starts and then never finishes (the length promises more than arrives). */
function stalledBody(): Response {
  const start = new TextEncoder().encode('{"id":');
  return new HttpResponse(new ReadableStream({ start: (c) => c.enqueue(start) }), {
    status: 200,
    headers: { 'content-type': 'application/json', 'content-length': '64' },
  });
}

describe('createHttpClient: reads', () => {
  it('parses the body with the schema and exposes status, headers and request id', async () => {
    sequence('get', '/account', [() => HttpResponse.json(ACCOUNT, { headers: { 'x-request-id': 'req-1', 'x-extra': 'yes' } })]);
    const result = await client({ requestIdHeader: 'x-request-id' }).get('/account', { schema: Account });
    expectTypeOf(result.data).toEqualTypeOf<{ id: string; cash: string }>();
    expect(result.data).toEqual(ACCOUNT);
    expect(result.status).toBe(200);
    expect(result.requestId).toBe('req-1');
    expect(result.headers.get('x-extra')).toBe('yes');
  });

  it('appends paths to a base URL that has a path, and sends the query', async () => {
    const seen = sequence('get', '/orders', [() => HttpResponse.json([])]);
    await client().get('/orders', { schema: z.array(z.unknown()), query: { status: 'open', limit: 50, nested: true, after: undefined } });
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe('/v2/orders');
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: 'open', limit: '50', nested: 'true' });
  });

  it('accepts an empty body when the schema accepts undefined', async () => {
    sequence('delete', '/orders/o-1', [() => new HttpResponse(null, { status: 204 })]);
    const result = await client().delete('/orders/o-1', { schema: z.undefined() });
    expect(result).toMatchObject({ data: undefined, status: 204 });
  });

  it('refuses an absolute URL as a path (it would carry the credentials elsewhere)', async () => {
    const http1 = client({ authHeaders: () => ({ authorization: 'Bearer x' }) });
    await expect(http1.get('https://evil.example.test/steal', { schema: z.unknown() })).rejects.toThrow(TypeError);
    await expect(http1.get('//evil.example.test/steal', { schema: z.unknown() })).rejects.toThrow(TypeError);
  });

  it('refuses a base URL that is not https (http only on loopback)', () => {
    expect(() => createHttpClient({ broker: 't', baseUrl: 'http://api.example.test' })).toThrow(ConfigError);
    expect(() => createHttpClient({ broker: 't', baseUrl: 'not a url' })).toThrow(ConfigError);
    expect(() => createHttpClient({ broker: 't', baseUrl: 'https://api.example.test?key=1' })).toThrow(ConfigError);
    expect(createHttpClient({ broker: 't', baseUrl: 'http://127.0.0.1:8080/' }).baseUrl).toBe('http://127.0.0.1:8080');
    expect(() => createHttpClient({ broker: 't', baseUrl: BASE, timeoutMs: 0 })).toThrow(ConfigError);
    expect(() => createHttpClient({ broker: 't', baseUrl: BASE, retry: { limit: 1.5 } })).toThrow(ConfigError);
  });

  it('sends a form body', async () => {
    const seen = sequence('post', '/oauth/token', [() => HttpResponse.json({ ok: true })]);
    await client().post('/oauth/token', { form: { grant_type: 'refresh_token' }, schema: z.object({ ok: z.boolean() }) });
    expect(seen[0]!.headers.get('content-type')).toMatch(/application\/x-www-form-urlencoded/);
    expect(await seen[0]!.text()).toBe('grant_type=refresh_token');
  });
});

describe('createHttpClient: retries', () => {
  it('retries a GET after a 503 and succeeds', async () => {
    const seen = sequence('get', '/account', [() => HttpResponse.json({ message: 'busy' }, { status: 503 }), () => HttpResponse.json(ACCOUNT)]);
    await expect(client().get('/account', { schema: Account })).resolves.toMatchObject({ data: ACCOUNT });
    expect(seen).toHaveLength(2);
  });

  it('does not retry a non-idempotent POST after a 503', async () => {
    const seen = sequence('post', '/watchlists', [() => HttpResponse.json({ message: 'busy' }, { status: 503 }), () => HttpResponse.json(ACCOUNT)]);
    const error = await rejection(client().post('/watchlists', { json: { name: 'w' }, schema: Account }));
    expect(error.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('does not resend a non-idempotent POST whose connection dropped, and says it may have arrived', async () => {
    const seen = sequence('post', '/watchlists', [() => HttpResponse.error()]);
    const error = await rejection(client().post('/watchlists', { json: { name: 'w' }, schema: Account }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.retryable).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('retries a POST marked idempotent', async () => {
    const seen = sequence('post', '/search', [() => HttpResponse.json({}, { status: 502 }), () => HttpResponse.json(ACCOUNT)]);
    await expect(client().post('/search', { json: {}, schema: Account, idempotent: true })).resolves.toMatchObject({ data: ACCOUNT });
    expect(seen).toHaveLength(2);
  });

  it('gives up after the retry limit with the mapped error of the last answer', async () => {
    const seen = sequence('get', '/account', [() => HttpResponse.json({ code: 'E500', message: 'internal' }, { status: 500 })]);
    const error = await rejection(client({ retry: { limit: 2 } }).get('/account', { schema: Account }));
    expect(seen).toHaveLength(3);
    expect(error).toMatchObject({ status: 500, brokerCode: 'E500', brokerMessage: 'internal', retryable: true });
  });

  it('takes a per-request retry count: 0 sends a GET once, 1 a DELETE twice', async () => {
    const reads = sequence('get', '/account', [() => HttpResponse.json({}, { status: 503 })]);
    const deletes = sequence('delete', '/orders/o-1', [() => HttpResponse.json({}, { status: 503 })]);
    const http1 = client({ retry: { limit: 3 } });
    expect((await rejection(http1.get('/account', { schema: Account, retry: 0 }))).status).toBe(503);
    expect((await rejection(http1.delete('/orders/o-1', { schema: z.unknown(), retry: 1 }))).status).toBe(503);
    expect(reads).toHaveLength(1);
    expect(deletes).toHaveLength(2);
    await expect(http1.get('/account', { schema: Account, retry: -1 })).rejects.toThrow(TypeError);
    expect(reads).toHaveLength(1);
  });

  it('sends a DELETE marked not idempotent once, and says a lost one may have arrived', async () => {
    const seen = sequence('delete', '/positions/AAPL', [() => HttpResponse.error()]);
    const error = await rejection(client().delete('/positions/AAPL', { schema: z.unknown(), idempotent: false }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.retryable).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('does not retry a refusal', async () => {
    const seen = sequence('get', '/account', [() => HttpResponse.json({ message: 'nope' }, { status: 403 })]);
    await expect(client().get('/account', { schema: Account })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(seen).toHaveLength(1);
  });

  it('retries a GET after a connection reset, then throws ConnectionError', async () => {
    const seen = sequence('get', '/account', [() => HttpResponse.error()]);
    const error = await rejection(client({ retry: { limit: 2 } }).get('/account', { schema: Account }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('test: the connection failed during GET /account (3 attempts)');
    expect(seen).toHaveLength(3);
  });

  it('retries a GET that timed out, then throws ConnectionError', async () => {
    const seen = sequence('get', '/account', [
      async () => {
        await delay(500);
        return HttpResponse.json(ACCOUNT);
      },
    ]);
    const error = await rejection(client({ timeoutMs: 40, retry: { limit: 1 } }).get('/account', { schema: Account }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe('test: no answer within 40 ms to GET /account (2 attempts)');
    expect(seen).toHaveLength(2);
  });

  it('times out a body that stops arriving, and retries', async () => {
    const seen = sequence('get', '/account', [
      () => stalledBody(),
      () => HttpResponse.json(ACCOUNT),
    ]);
    await expect(client({ timeoutMs: 80 }).get('/account', { schema: Account })).resolves.toMatchObject({ data: ACCOUNT });
    expect(seen).toHaveLength(2);
  });

  it('backs off exponentially with jitter between retries', async () => {
    const times = track('get', '/account', () => HttpResponse.json({}, { status: 500 }));
    await onFakeTime(async (advance) => {
      const pending = rejection(client({ random: () => 0.5, retry: { limit: 3, baseDelayMs: 100, maxDelayMs: 300 } }).get('/account', { schema: Account }));
      await advance(400);
      await pending;
    });
    // Waits of 50, 100, 150 ms: half (the jitter) of 100, 200, then 400 capped at 300.
    expect(times.map((t) => t - START)).toEqual([0, 50, 150, 300]);
  });

  it('signs every attempt afresh', async () => {
    let n = 0;
    const seen = sequence('get', '/account', [() => HttpResponse.json({}, { status: 503 }), () => HttpResponse.json(ACCOUNT)]);
    const authHeaders = vi.fn(({ method, url }: { method: string; url: URL }) => ({ authorization: `OAuth nonce-${++n} ${method} ${url.pathname}` }));
    await client({ authHeaders }).get('/account', { schema: Account, query: { a: 1 } });
    expect(authHeaders).toHaveBeenCalledTimes(2);
    expect(authHeaders.mock.calls[0]![0].url.href).toBe(`${BASE}/account?a=1`);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual(['OAuth nonce-1 GET /v2/account', 'OAuth nonce-2 GET /v2/account']);
  });
});

describe('createHttpClient: request headers', () => {
  it('sends extra headers as fetch would: trimmed, case-insensitive, JSON content type unless set', async () => {
    const seen = sequence('post', '/watchlists', [() => HttpResponse.json(ACCOUNT)]);
    const headers = { Accept: 'text/plain', 'X-Trace': '  t-1\t', 'X-Count': 5 as unknown as string };
    await client().post('/watchlists', { schema: Account, json: { a: 1 }, headers });
    await client().post('/watchlists', { schema: Account, json: { a: 1 }, headers: { 'Content-Type': 'application/vnd.x+json' } });
    expect(seen[0]!.headers.get('accept')).toBe('text/plain');
    expect(seen[0]!.headers.get('x-trace')).toBe('t-1');
    expect(seen[0]!.headers.get('x-count')).toBe('5');
    expect(seen[0]!.headers.get('content-type')).toBe('application/json');
    expect(seen[1]!.headers.get('accept')).toBe('application/json');
    expect(seen[1]!.headers.get('content-type')).toBe('application/vnd.x+json');
  });

  it.each([
    ['a value with a line break', { 'x-a': 'a\r\nb' }],
    ['a value past Latin-1', { 'x-a': 'a\u20acb' }],
    ['a name that is not a token', { 'x a': 'b' }],
  ])('refuses %s before anything is sent', async (_, headers) => {
    const seen = sequence('get', '/account', [() => HttpResponse.json(ACCOUNT)]);
    const error = await rejection(client().get('/account', { schema: Account, headers }));
    expect(error.message).toBe('test: could not build the request GET /account');
    expect(seen).toHaveLength(0);
  });

  it('refuses an auth header value fetch cannot send, without quoting it, before anything is sent', async () => {
    const seen = sequence('post', '/orders', [() => HttpResponse.json(ACCOUNT)]);
    for (const value of [`${CANARY_SECRET}\nx`, `${CANARY_SECRET}\u20ac`]) {
      const error = await rejection(
        client({ authHeaders: () => ({ 'x-key': value }) }).submitOrder('POST', '/orders', { schema: Account, json: {}, clientOrderId: 'c-1' }),
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toBe('test: auth header x-key has a value that cannot be sent');
      expect(error.outcome).toBe('denied');
    }
    expect(seen).toHaveLength(0);
  });
});

describe('createHttpClient: rate limits', () => {
  it('waits Retry-After (2 s) after a 429 on a GET, then succeeds', async () => {
    const times = track('get', '/account', (n) =>
      n === 1 ? HttpResponse.json({ message: 'slow down' }, { status: 429, headers: { 'Retry-After': '2' } }) : HttpResponse.json(ACCOUNT),
    );
    await onFakeTime(async (advance) => {
      const pending = client({ random: () => 0.5 }).get('/account', { schema: Account });
      await advance(1990);
      expect(times).toHaveLength(1);
      await advance(100);
      await expect(pending).resolves.toMatchObject({ data: ACCOUNT });
    });
    expect(times).toEqual([START, START + 2000]);
  });

  it('waits until the reset header when a 429 has no Retry-After, then succeeds', async () => {
    const clock = new ManualClock(START);
    const limiter = new RateLimiter([{ limit: 100, windowMs: 60_000 }], clock);
    const times: number[] = [];
    server.use(
      http.get(`${BASE}/account`, () => {
        times.push(clock.now());
        return times.length === 1
          ? HttpResponse.json({}, { status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(START / 1000 + 3) } })
          : HttpResponse.json(ACCOUNT);
      }),
    );
    const pending = client({ clock, limiter, rateLimitHeaders: RATE_HEADERS }).get('/account', { schema: Account });
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(2999);
    expect(times).toHaveLength(1);
    await clock.advance(1);
    await expect(pending).resolves.toMatchObject({ data: ACCOUNT });
    expect(times).toEqual([START, START + 3000]);
  });

  it('honours an HTTP-date Retry-After', async () => {
    const times = track('get', '/account', (n) =>
      n === 1 ? HttpResponse.json({}, { status: 429, headers: { 'retry-after': new Date(START + 5000).toUTCString() } }) : HttpResponse.json(ACCOUNT),
    );
    await onFakeTime(async (advance) => {
      const pending = client().get('/account', { schema: Account });
      await advance(6000);
      await pending;
    });
    expect(times).toEqual([START, START + 5000]);
  });

  it('throws RateLimitError with retryAfterMs after the last attempt, and blocks the shared limiter', async () => {
    const clock = new ManualClock(START);
    const limiter = new RateLimiter([{ limit: 100, windowMs: 60_000 }], clock);
    const seen = sequence('post', '/watchlists', [() => HttpResponse.json({ message: 'too many' }, { status: 429, headers: { 'retry-after': '4' } })]);
    const error = await rejection(client({ clock, limiter }).post('/watchlists', { json: {}, schema: Account }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(4000);
    expect(seen).toHaveLength(1);
    expect(limiter.waitTime()).toBe(4000);
  });

  it('does not sleep through a wait longer than maxRetryAfterMs', async () => {
    const seen = sequence('get', '/account', [() => HttpResponse.json({}, { status: 429, headers: { 'retry-after': '3600' } })]);
    // Were the wait slept through (even cut to the 1 s cap), this would outlast the test's own timeout.
    const error = await rejection(client({ retry: { maxRetryAfterMs: 1_000 } }).get('/account', { schema: Account }));
    expect(error).toMatchObject({ code: 'RATE_LIMIT', retryAfterMs: 3_600_000 });
    expect(seen).toHaveLength(1);
  });

  it('acquires the limiter once per request sent and feeds it the rate-limit headers', async () => {
    const clock = new ManualClock(START);
    // Exactly two grants in the window: a third request would wait on the manual clock forever.
    const limiter = new RateLimiter([{ limit: 2, windowMs: 60_000 }], clock);
    const observe = vi.spyOn(limiter, 'observe');
    const budget = { 'x-ratelimit-remaining': '57', 'x-ratelimit-reset': String(START / 1000 + 30) };
    const seen = sequence('get', '/account', [
      () => HttpResponse.json({}, { status: 503, headers: budget }),
      () => HttpResponse.json(ACCOUNT, { headers: budget }),
    ]);
    const http1 = client({ clock, limiter, rateLimitHeaders: RATE_HEADERS });
    await http1.get('/account', { schema: Account });
    expect(seen).toHaveLength(2);
    expect(limiter.tryAcquire()).toBe(false); // both grants taken, one per request sent
    expect(observe).toHaveBeenCalledTimes(2);
    expect(observe).toHaveBeenLastCalledWith(57, START + 30_000);
    // A third request waits for the window to free a grant, then goes.
    const third = http1.get('/account', { schema: Account });
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    expect(seen).toHaveLength(2);
    await clock.advance(60_000);
    await expect(third).resolves.toMatchObject({ data: ACCOUNT });
    expect(seen).toHaveLength(3);
  });

  it('holds later requests when the budget says zero remaining', async () => {
    const clock = new ManualClock(START);
    const limiter = new RateLimiter([{ limit: 100, windowMs: 60_000 }], clock);
    sequence('get', '/account', [() => HttpResponse.json(ACCOUNT, { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(START / 1000 + 10) } })]);
    await client({ clock, limiter, rateLimitHeaders: RATE_HEADERS }).get('/account', { schema: Account });
    expect(limiter.waitTime()).toBe(10_000);
  });
});

describe('createHttpClient: errors', () => {
  const alpacaLike = defineErrorMap({
    extract: (body) => {
      const b = (body ?? {}) as { code?: number; message?: string };
      return { code: b.code, message: b.message };
    },
    byCode: { '40310000': 'insufficient_funds' },
    byText: [[/pattern day trad/i, 'permission']],
    byStatus: { 409: 'invalid_order' },
  });

  it.each([
    ['exact code', 403, { code: 40310000, message: 'insufficient buying power' }, InsufficientFundsError],
    ['text', 422, { code: 42210000, message: 'trade denied due to pattern day trading protection' }, PermissionDeniedError],
    ['status table', 409, { code: 40910000, message: 'order already canceled' }, InvalidOrderError],
    ['status default', 404, { code: 40410000, message: 'order not found' }, OrderNotFoundError],
    ['status default', 401, { code: 40110000, message: 'unauthorized' }, AuthenticationError],
  ] as const)('maps an error body by %s, keeping code, message and request id', async (_by, status, body, Class) => {
    sequence('get', '/orders/o-1', [() => HttpResponse.json(body, { status, headers: { 'x-request-id': `rid-${status}` } })]);
    const error = await rejection(client({ errorMap: alpacaLike, requestIdHeader: 'x-request-id' }).get('/orders/o-1', { schema: z.unknown() }));
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ broker: 'test', status, brokerCode: body.code, brokerMessage: body.message, requestId: `rid-${status}` });
    expect(error.message).toContain(body.message);
    expect(error.message).toContain('GET /orders/o-1');
  });

  it('throws BrokerProtocolError for invalid JSON', async () => {
    sequence('get', '/account', [() => new HttpResponse('{"id": "acct-1", "cash": ', { status: 200, headers: { 'content-type': 'application/json' } })]);
    const error = await rejection(client().get('/account', { schema: Account }));
    expect(error).toBeInstanceOf(BrokerProtocolError);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('throws BrokerProtocolError naming the first bad path, never the body', async () => {
    sequence('get', '/account', [() => HttpResponse.json({ id: 'acct-1', cash: 1000, note: 'not-for-messages' })]);
    const error = await rejection(client().get('/account', { schema: Account }));
    expect(error).toBeInstanceOf(BrokerProtocolError);
    expect(error.message).toBe('test: unexpected answer to GET /account (HTTP 200): cash: must be string, got 1000');
  });

  it('treats a redirect as an unreadable answer instead of following it', async () => {
    const seen = sequence('get', '/account', [() => new HttpResponse(null, { status: 302, headers: { location: `${BASE}/elsewhere` } })]);
    await expect(client().get('/account', { schema: Account })).rejects.toBeInstanceOf(BrokerProtocolError);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['throws', () => {
      throw new Error('keyring locked');
    }],
    ['rejects', () => Promise.reject(new Error('keyring locked'))],
  ])('turns an authHeaders that %s into AuthenticationError and sends nothing', async (_, authHeaders) => {
    const seen = sequence('get', '/account', [() => HttpResponse.json(ACCOUNT)]);
    const error = await rejection(client({ authHeaders }).get('/account', { schema: Account }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe('test: could not sign GET /account');
    expect((error.cause as Error).message).toBe('keyring locked');
    expect(seen).toHaveLength(0);
  });

  it('waits for an asynchronous signer and sends what it signed', async () => {
    const seen = sequence('get', '/account', [() => HttpResponse.json(ACCOUNT)]);
    await client({ authHeaders: async () => ({ authorization: 'Bearer later-token-1' }) }).get('/account', { schema: Account });
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer later-token-1');
  });
});

describe('createHttpClient: secrets', () => {
  it('never puts an auth header value or a secret query value in errors or logs', async () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ level: 'debug', sink: (r) => records.push(r) });
    const received: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/quotes`, ({ request }) => {
        received.push(request.headers.get('authorization'));
        // A careless broker echoes the credentials and the query back.
        return HttpResponse.json({ message: `bad token Bearer ${CANARY_SECRET} for ${request.url}` }, { status: 401 });
      }),
      http.get(`${BASE}/account`, ({ request }) => {
        received.push(request.headers.get('authorization'));
        return HttpResponse.json({ message: `upstream failed for ${CANARY_SECRET}` }, { status: 500 });
      }),
    );
    const http1 = client({ logger, authHeaders: () => ({ authorization: `Bearer ${CANARY_SECRET}` }), retry: { limit: 1 } });
    const errors = [
      await rejection(http1.get('/quotes', { schema: z.unknown(), query: { symbol: 'AAPL', apikey: CANARY_TOKEN } })),
      await rejection(http1.get('/account', { schema: Account })),
    ];
    // The secret really was sent, so its absence below means something.
    expect(received).toEqual([`Bearer ${CANARY_SECRET}`, `Bearer ${CANARY_SECRET}`, `Bearer ${CANARY_SECRET}`]);
    for (const error of errors) {
      const text = JSON.stringify({ message: error.message, stack: error.stack, json: error });
      expect(text).not.toContain(CANARY_SECRET);
      expect(text).not.toContain(CANARY_TOKEN);
    }
    expect(errors[0]!.brokerMessage).toContain('[REDACTED]');
    expect(records).toHaveLength(3);
    for (const record of records) {
      expect(JSON.stringify(record)).not.toContain(CANARY_SECRET);
      expect(JSON.stringify(record)).not.toContain(CANARY_TOKEN);
    }
  });

  it('logs each request at debug as method, path, status and ms only', async () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ level: 'debug', sink: (r) => records.push(r) });
    sequence('get', '/account', [() => HttpResponse.json({}, { status: 503 }), () => HttpResponse.json(ACCOUNT)]);
    // A query written into the path is left out of the log as well as one passed as `query`.
    await client({ logger, redactor: new Redactor([CANARY_SECRET]) }).get(`/account?apikey=${CANARY_TOKEN}`, { schema: Account, query: { token: CANARY_TOKEN } });
    expect(records.map(({ time: _t, ms, ...rest }) => ({ ...rest, ms: typeof ms }))).toEqual([
      { level: 'debug', msg: 'http', method: 'GET', path: '/account', status: 503, ms: 'number' },
      { level: 'debug', msg: 'http', method: 'GET', path: '/account', status: 200, ms: 'number' },
    ]);
  });
});
