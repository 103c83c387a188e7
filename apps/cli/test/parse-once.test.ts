// The order path parses once: an order typed at `invest buy` goes through the CLI, the manager,
// its wrappers (risk, journal, protective stop, retry, logging), core's edge and the Alpaca
// adapter, and the order schema runs exactly once on the way. Run in-process (the CLI's `run`)
// so a spy on the schema sees every layer; the adapter talks to a loopback server that answers
// like Alpaca's paper trading API.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrderRequestSchema } from '@invest/broker-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { run } from '../src/program.ts';

let server: Server;
let baseUrl = '';
const posted: Record<string, unknown>[] = [];

beforeAll(async () => {
  const account = await readFile(new URL('../../../packages/broker-alpaca/test/fixtures/alpaca-account.json', import.meta.url), 'utf8');
  const template = JSON.parse(await readFile(new URL('../../../packages/broker-alpaca/test/fixtures/alpaca-order-trailing.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/v2/account') return send(200, account);
    if (req.method === 'POST' && req.url === '/v2/orders') {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        posted.push(body);
        send(200, {
          ...template, id: 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', client_order_id: body.client_order_id, replaces: null,
          symbol: body.symbol, qty: body.qty, side: body.side, type: body.type, order_type: body.type, time_in_force: body.time_in_force,
          limit_price: body.limit_price ?? null, stop_price: null, trail_percent: null, hwm: null, status: 'new', order_class: 'simple',
        });
      });
      return;
    }
    send(404, { code: 40410000, message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('invest buy -> manager -> wrappers -> edge -> Alpaca adapter runs the order schema exactly once', async () => {
  const home = await mkdtemp(join(tmpdir(), 'invest-parse-once-'));
  await writeFile(join(home, 'brokers.json'), JSON.stringify({
    default_broker: 'alpaca-paper',
    brokers: { 'alpaca-paper': { type: 'alpaca', paper_trading: true, baseUrl, dataUrl: baseUrl, streaming: false, max_position_size: 0.5 } },
  }));
  const env = { PATH: process.env.PATH, HOME: home, INVEST_HOME: home, INVEST_KEYRING: '0', ALPACA_API_KEY: 'PKTEST', ALPACA_SECRET_KEY: 'not-a-real-secret', NO_COLOR: '1' };
  const spy = vi.spyOn(OrderRequestSchema, 'safeParse');
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await run(['node', 'invest', 'buy', '--symbol', 'AAPL', '--quantity', '2', '--limit', '150', '--yes', '--json'], env);
    if (code !== 0) throw new Error(`exit ${code}: ${String(write.mock.calls.map((c) => c[0]).join(''))}`);
  } finally {
    write.mockRestore();
  }
  expect(posted).toHaveLength(1);
  expect(posted[0]).toMatchObject({ symbol: 'AAPL', qty: '2', side: 'buy', type: 'limit', limit_price: '150' });
  expect(spy).toHaveBeenCalledTimes(1);
  spy.mockRestore();
});
