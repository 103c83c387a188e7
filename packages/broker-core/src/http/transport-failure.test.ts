// No msw here: these tests need the real network stack to refuse a connection on loopback.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../clock.ts';
import { ConnectionError } from '../errors/subclasses.ts';
import { createHttpClient } from './http-client.ts';
import { classifyTransportError, provablyNotSent } from './transport-failure.ts';

const coded = (code: string) => Object.assign(new Error(code), { code });

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('provablyNotSent', () => {
  it('is true only for codes that happen before a connection exists', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(provablyNotSent(new TypeError('fetch failed', { cause: coded(code) }))).toBe(true);
    }
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'EHOSTUNREACH']) {
      expect(provablyNotSent(new TypeError('fetch failed', { cause: coded(code) }))).toBe(false);
    }
    expect(provablyNotSent(new TypeError('fetch failed'))).toBe(false);
    expect(provablyNotSent(undefined)).toBe(false);
  });

  it('needs every address of an AggregateError to have been refused', () => {
    expect(provablyNotSent(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe(true);
    expect(provablyNotSent(new AggregateError([coded('ECONNREFUSED'), coded('ECONNRESET')]))).toBe(false);
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(provablyNotSent(a)).toBe(false);
  });
});

describe('classifyTransportError', () => {
  it('treats an unrecognised error as a network failure of unknown outcome', () => {
    expect(classifyTransportError(new Error('odd'), 1000)).toMatchObject({ kind: 'network', notSent: false });
  });
});

describe('a refused connection on loopback', () => {
  it('is a ConnectionError with outcome denied for an order: nothing was sent', async () => {
    const port = await closedPort();
    const http = createHttpClient({ broker: 'test', baseUrl: `http://127.0.0.1:${port}`, clock: new ManualClock(0), random: () => 0 });
    const error = await http
      .submitOrder('POST', '/orders', { json: { qty: 1 }, schema: z.unknown(), clientOrderId: 'c-1' })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'denied', retryable: true });
    expect((error as Error).message).toBe('test: could not connect to send order c-1 (POST /orders); nothing was sent');
  });

  it('is retried for a GET and ends as ConnectionError', async () => {
    const port = await closedPort();
    const http = createHttpClient({ broker: 'test', baseUrl: `http://127.0.0.1:${port}`, clock: new ManualClock(0), random: () => 0, retry: { limit: 2 } });
    const error = await http.get('/account', { schema: z.unknown() }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe('test: could not connect for GET /account (3 attempts)');
  });
});
