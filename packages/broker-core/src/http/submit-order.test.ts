import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CANARY_SECRET } from '../../../../tools/test-setup/canary.ts';
import { ManualClock } from '../clock.ts';
import { BrokerError } from '../errors/broker-error.ts';
import { outcomeOf } from '../errors/outcome.ts';
import {
  AuthenticationError,
  BrokerProtocolError,
  InsufficientFundsError,
  InvalidOrderError,
  OrderNotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnknownOutcomeError,
} from '../errors/subclasses.ts';
import { defineErrorMap } from './error-map.ts';
import { createHttpClient, type HttpClientOptions } from './http-client.ts';
import { orderAnswerOutcome } from './order-outcome.ts';

const BASE = 'https://api.example.test/v2';
const CLIENT_ORDER_ID = 'inv-20260102-0001';
const Order = z.object({ id: z.string(), client_order_id: z.string(), status: z.string() });
const ORDER = { id: 'o-1', client_order_id: CLIENT_ORDER_ID, status: 'accepted' };
const BODY = { symbol: 'AAPL', qty: '10', side: 'buy', type: 'limit', limit_price: '180', client_order_id: CLIENT_ORDER_ID };

const errorMap = defineErrorMap({
  extract: (body) => {
    const b = (body ?? {}) as { code?: number; message?: string };
    return { code: b.code, message: b.message };
  },
  byCode: { '40310000': 'insufficient_funds' },
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    broker: 'test',
    baseUrl: BASE,
    clock: new ManualClock(0),
    random: () => 0,
    errorMap,
    requestIdHeader: 'x-request-id',
    authHeaders: () => ({ authorization: `Bearer ${CANARY_SECRET}` }),
    ...overrides,
  });
}

/** Counts requests to POST /orders and answers each with `answer`. */
function ordersEndpoint(answer: () => Response | Promise<Response>) {
  const bodies: unknown[] = [];
  server.use(
    http.post(`${BASE}/orders`, async ({ request }) => {
      bodies.push(await request.clone().json());
      return answer();
    }),
  );
  return bodies;
}

function submit(overrides: Partial<HttpClientOptions> = {}) {
  return client(overrides).submitOrder('POST', '/orders', { json: BODY, schema: Order, clientOrderId: CLIENT_ORDER_ID });
}

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BrokerError);
  return error as BrokerError;
}

describe('submitOrder: unknown outcomes (the order may exist)', () => {
  it('ends as UnknownOutcomeError when the answer times out after the server received it', async () => {
    const seen = ordersEndpoint(async () => {
      await delay(1000);
      return HttpResponse.json(ORDER);
    });
    const error = await failure(submit({ timeoutMs: 60 }));
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect((error as UnknownOutcomeError).clientOrderId).toBe(CLIENT_ORDER_ID);
    expect(error.cause).toBeInstanceOf(Error);
    expect(outcomeOf(error)).toBe('unknown');
    expect(seen).toEqual([BODY]);
    expect(error.message).toBe(
      `test: order ${CLIENT_ORDER_ID} may have been placed: no answer within 60 ms (POST /orders); look it up by client order id before sending it again`,
    );
  });

  it('ends as UnknownOutcomeError on a connection reset', async () => {
    const seen = ordersEndpoint(() => HttpResponse.error());
    const error = await failure(submit());
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ clientOrderId: CLIENT_ORDER_ID, outcome: 'unknown', retryable: false });
    expect(error.cause).toBeDefined();
    expect(seen).toHaveLength(1);
  });

  it('ends as UnknownOutcomeError on a 500, keeping what the broker said', async () => {
    const seen = ordersEndpoint(() => HttpResponse.json({ code: 50010000, message: 'internal error' }, { status: 500, headers: { 'x-request-id': 'rid-500' } }));
    const error = await failure(submit());
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ clientOrderId: CLIENT_ORDER_ID, status: 500, brokerCode: 50010000, brokerMessage: 'internal error', requestId: 'rid-500' });
    expect(error.cause).toBeInstanceOf(BrokerError);
    expect(seen).toHaveLength(1);
  });

  it('ends as UnknownOutcomeError on a 200 with an unreadable body', async () => {
    const seen = ordersEndpoint(() => new HttpResponse('{"id": "o-1", "status": ', { status: 200, headers: { 'content-type': 'application/json' } }));
    const error = await failure(submit());
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ clientOrderId: CLIENT_ORDER_ID, status: 200 });
    expect(error.cause).toBeInstanceOf(BrokerProtocolError);
    expect(seen).toHaveLength(1);
  });

  it('ends as UnknownOutcomeError on a 200 whose body fails the schema', async () => {
    const seen = ordersEndpoint(() => HttpResponse.json({ id: 'o-1' }));
    const error = await failure(submit());
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect((error.cause as Error).message).toMatch(/client_order_id: is required/);
    expect(seen).toHaveLength(1);
  });

  it('ends as UnknownOutcomeError when the body stops arriving', async () => {
    const start = new TextEncoder().encode('{"id":');
    const seen = ordersEndpoint(
      () => new HttpResponse(new ReadableStream({ start: (c) => c.enqueue(start) }), { status: 200, headers: { 'content-length': '64' } }),
    );
    const error = await failure(submit({ timeoutMs: 80 }));
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(seen).toHaveLength(1);
  });

  it('ends as UnknownOutcomeError on a 503, a redirect, a 408 and an empty 500', async () => {
    for (const answer of [
      () => HttpResponse.json({ message: 'busy' }, { status: 503, headers: { 'retry-after': '1' } }),
      () => new HttpResponse(null, { status: 307, headers: { location: `${BASE}/orders2` } }),
      () => HttpResponse.json({ message: 'request timeout' }, { status: 408 }),
      () => new HttpResponse(null, { status: 500 }),
    ]) {
      const seen = ordersEndpoint(answer);
      const error = await failure(submit());
      expect(error).toBeInstanceOf(UnknownOutcomeError);
      expect(seen).toHaveLength(1);
      server.resetHandlers();
    }
  });
});

describe('submitOrder: refusals (the order does not exist)', () => {
  it('maps a 4xx with a body to the broker error with outcome rejected', async () => {
    const seen = ordersEndpoint(() => HttpResponse.json({ code: 40310000, message: 'insufficient buying power' }, { status: 403, headers: { 'x-request-id': 'rid-403' } }));
    const error = await failure(submit());
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect(error).toMatchObject({ outcome: 'rejected', status: 403, brokerCode: 40310000, brokerMessage: 'insufficient buying power', requestId: 'rid-403' });
    expect(outcomeOf(error)).toBe('rejected');
    expect(seen).toHaveLength(1);
  });

  it('maps a 422 to InvalidOrderError, rejected', async () => {
    ordersEndpoint(() => HttpResponse.json({ code: 42210000, message: 'qty must be > 0' }, { status: 422 }));
    const error = await failure(submit());
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect(error.outcome).toBe('rejected');
  });

  it.each([
    ['an empty 403', () => new HttpResponse(null, { status: 403 }), PermissionDeniedError],
    ['an empty 422', () => new HttpResponse(null, { status: 422 }), InvalidOrderError],
    ['a whitespace-only 400', () => new HttpResponse(' \n\t ', { status: 400 }), InvalidOrderError],
    ['an unreadable 422', () => new HttpResponse('<html>Unprocessable', { status: 422, headers: { 'content-type': 'application/json' } }), InvalidOrderError],
    ['an empty 401', () => new HttpResponse(null, { status: 401 }), AuthenticationError],
    ['an empty 404', () => new HttpResponse(null, { status: 404 }), OrderNotFoundError],
  ] as const)('maps %s to its class by status, rejected, never unknown', async (_, answer, Class) => {
    const seen = ordersEndpoint(answer);
    const error = await failure(submit());
    expect(error).toBeInstanceOf(Class);
    expect(error).not.toBeInstanceOf(UnknownOutcomeError);
    expect(outcomeOf(error)).toBe('rejected');
    expect(error.status).toBe(answer().status);
    expect(seen).toHaveLength(1);
  });

  it('maps a 429 to RateLimitError, rejected, without retrying', async () => {
    const seen = ordersEndpoint(() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '3' } }));
    const error = await failure(submit());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ outcome: 'rejected', retryAfterMs: 3000 });
    expect(seen).toHaveLength(1);
  });
});

describe('submitOrder: not sent (provably)', () => {
  it('sends nothing and is denied when the request cannot be signed', async () => {
    const seen = ordersEndpoint(() => HttpResponse.json(ORDER));
    const error = await failure(
      submit({
        authHeaders: () => {
          throw new Error('token store locked');
        },
      }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.outcome).toBe('denied');
    expect(seen).toHaveLength(0);
  });
});

describe('submitOrder: success', () => {
  it('returns the parsed order and the headers (e.g. Location) on the first try', async () => {
    const seen = ordersEndpoint(() => HttpResponse.json(ORDER, { status: 201, headers: { location: `${BASE}/orders/o-1` } }));
    const result = await submit();
    expect(result).toMatchObject({ data: ORDER, status: 201 });
    expect(result.headers.get('location')).toBe(`${BASE}/orders/o-1`);
    expect(seen).toEqual([BODY]);
  });

  it('accepts an empty 201 when the schema allows it (Schwab answers with only a Location)', async () => {
    ordersEndpoint(() => new HttpResponse(null, { status: 201, headers: { location: `${BASE}/orders/991` } }));
    const result = await client().submitOrder('POST', '/orders', { json: BODY, schema: z.undefined(), clientOrderId: CLIENT_ORDER_ID });
    expect(result.headers.get('location')).toBe(`${BASE}/orders/991`);
  });

  it('refuses a method that is not an order method, and a missing clientOrderId', async () => {
    const http1 = client();
    await expect(http1.submitOrder('GET' as never, '/orders', { json: BODY, schema: Order, clientOrderId: CLIENT_ORDER_ID })).rejects.toThrow(TypeError);
    await expect(http1.submitOrder('POST', '/orders', { json: BODY, schema: Order, clientOrderId: '' })).rejects.toThrow(TypeError);
  });
});

describe('orderAnswerOutcome', () => {
  it('counts every 4xx but 408 as a refusal, and nothing else', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429]) expect(orderAnswerOutcome(status)).toBe('rejected');
    for (const status of [408, 500, 502, 503, 302, 307]) expect(orderAnswerOutcome(status)).toBe('unknown');
  });
});
