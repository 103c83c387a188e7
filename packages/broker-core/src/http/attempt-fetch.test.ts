// No msw here: what matters is what reaches a real server's socket.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from './http-client.ts';

describe('each attempt as fetch sends it', () => {
  it('hands fetch a URL string and the JSON body as text, sent with its Content-Length', async () => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        seen.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"o-1"}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const inputs: unknown[] = [];
      const fetch: typeof globalThis.fetch = (input, init) => {
        inputs.push(input);
        return globalThis.fetch(input, init);
      };
      const http = createHttpClient({ broker: 'test', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, fetch });
      const result = await http.submitOrder('POST', '/orders', { json: { qty: '1', symbol: 'AAPL' }, schema: z.object({ id: z.string() }), clientOrderId: 'c-1' });
      expect(result.data).toEqual({ id: 'o-1' });
      expect(seen[0]!.body).toBe('{"qty":"1","symbol":"AAPL"}');
      expect(seen[0]!.headers['content-length']).toBe(String(seen[0]!.body.length));
      expect(seen[0]!.headers['transfer-encoding']).toBeUndefined();
      expect(seen[0]!.headers['content-type']).toBe('application/json');
      expect(typeof inputs[0]).toBe('string');
    } finally {
      server.close();
    }
  });
});
