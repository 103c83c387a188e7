// Retries and rate limits: what is resent, how long the client waits, and what the limiter sees.
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ACCOUNT,
  Account,
  BASE,
  client,
  onFakeTime,
  RATE_HEADERS,
  rejection,
  sequence,
  server,
  stalledBody,
  START,
  track,
  useServer,
} from '../../test/fixtures/http-client.ts';
import { ManualClock } from '../clock.ts';
import { ConnectionError, PermissionDeniedError, RateLimitError } from '../errors/subclasses.ts';
import { RateLimiter } from '../rate-limit/limiter.ts';

useServer();

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
