import { http, HttpResponse } from 'msw';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../../tools/test-setup/canary.ts';
import { ACCOUNT, Account, BASE, client, rejection, sequence, server, useServer } from '../../test/fixtures/http-client.ts';
import {
  AuthenticationError,
  BrokerProtocolError,
  ConfigError,
  InsufficientFundsError,
  InvalidOrderError,
  OrderNotFoundError,
  PermissionDeniedError,
} from '../errors/subclasses.ts';
import { createLogger, type LogRecord } from '../logging/logger.ts';
import { Redactor } from '../logging/redact.ts';
import { defineErrorMap } from './error-map.ts';
import { createHttpClient } from './http-client.ts';

useServer();

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
