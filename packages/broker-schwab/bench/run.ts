// pnpm bench for @invest/broker-schwab. Every figure is paired with a baseline measured in the same
// run, against the same server: submitOrder through the adapter (behind core's edge, OAuth bearer
// token, order budget, Location check) vs a raw fetch of the same request (same body, same headers)
// to an HTTP server in another process on 127.0.0.1, so the server's work does not land on this
// process's CPU. Sequential orders, 5 rounds of 2,000 after a warm-up; p50 added (target <= 0.25
// ms) and CPU per order added (process.cpuUsage, target <= 0.2 ms).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { MemoryStore, OAUTH2_TOKENS_KEY } from '@invest/auth';
import { parseOrderRequest, silentLogger, systemClock, withValidation } from '@invest/broker-core';
import { latencyRounds, result, writeResults, type BenchResult } from '../../../tools/bench/harness.ts';
import { SchwabBroker, SchwabConfigSchema, SCHWAB_DIALECT, toOrderJson } from '../src/index.ts';

const HASH = 'BENCHHASH0123456789ABCDEF';
const TOKEN = 'at-bench-not-real';

const SERVER = `
const { createServer } = require('node:http');
const { HASH, TOKEN, EXPECTED } = process.env;
let next = 1000000000;
const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    if (request.headers.authorization !== 'Bearer ' + TOKEN) return response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"invalid token"}');
    if (request.method === 'GET' && request.url === '/trader/v1/accounts/accountNumbers') {
      return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ accountNumber: '12345678', hashValue: HASH }]));
    }
    if (request.method !== 'POST' || request.url !== '/trader/v1/accounts/' + HASH + '/orders' || text !== EXPECTED) {
      return response.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"not the expected order request"}');
    }
    next += 1;
    response.writeHead(201, { location: 'http://127.0.0.1/trader/v1/accounts/' + HASH + '/orders/' + next, 'content-length': '0' }).end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0)).resume();
`;

const request = { symbol: 'AAPL', side: 'buy' as const, quantity: 1, type: 'limit' as const, limitPrice: 100.5 };
const body = JSON.stringify(toOrderJson(parseOrderRequest(request), SCHWAB_DIALECT));
const child = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, HASH, TOKEN, EXPECTED: body }, stdio: ['pipe', 'pipe', 'inherit'] });
const [portLine] = (await once(child.stdout, 'data')) as [Buffer];
const base = `http://127.0.0.1:${Number(portLine.toString().trim())}`;

const now = Date.now();
const store = new MemoryStore({
  bench: { [OAUTH2_TOKENS_KEY]: JSON.stringify({ accessToken: TOKEN, tokenType: 'Bearer', accessTokenExpiresAt: now + 3_600_000, refreshToken: 'rt-bench', loginAt: now, obtainedAt: now }) },
});
const broker = withValidation(new SchwabBroker(
  SchwabConfigSchema.parse({ paper: false, clientId: 'bench-key', clientSecret: 'bench-secret', baseUrl: `${base}/trader/v1`, marketDataUrl: `${base}/marketdata/v1`, requestsPerMinute: 100_000, ordersPerMinute: 100_000 }),
  { name: 'bench', logger: silentLogger, clock: systemClock, credentials: store },
));
await broker.connect();

let seq = 0;
const adapterOnce = async (): Promise<unknown> => {
  const clientOrderId = `bench-${seq++}`;
  const order = await broker.submitOrder({ ...request, clientOrderId });
  if (order.clientOrderId !== clientOrderId || order.status !== 'accepted') throw new Error('the adapter returned another order');
  return order;
};
const rawOnce = async (): Promise<unknown> => {
  const response = await fetch(`${base}/trader/v1/accounts/${HASH}/orders`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 201 || !response.headers.get('location')) throw new Error(`raw fetch got ${response.status}`);
  return response;
};

const { adapter, raw } = await latencyRounds({ adapter: adapterOnce, raw: rawOnce }, { rounds: 5, perRound: 2000 });
child.stdin.end();
const addedP50 = adapter.median('p50') - raw.median('p50');
const addedCpu = adapter.median('cpuMs') - raw.median('cpuMs');
const results: BenchResult[] = [
  result('submitOrder p50 latency through the adapter (server in another process)', adapter.median('p50'), 'ms',
    { name: 'raw fetch p50 latency of the same request', value: raw.median('p50') },
    { text: `added p50 <= 0.25 ms (measured ${addedP50.toFixed(3)} ms)`, met: addedP50 <= 0.25 }),
  result('submitOrder p99 latency through the adapter (median of the rounds)', adapter.median('p99'), 'ms',
    { name: 'raw fetch p99 latency (median of the rounds)', value: raw.median('p99') }),
  result('submitOrder CPU per order through the adapter (this process, user + system)', adapter.median('cpuMs'), 'ms',
    { name: 'raw fetch CPU per order', value: raw.median('cpuMs') },
    { text: `added CPU <= 0.2 ms per order (measured ${addedCpu.toFixed(3)} ms)`, met: addedCpu <= 0.2 }),
  result('submitOrder throughput through the adapter (loopback, sequential)', adapter.median('rate'), 'ops/s',
    { name: 'raw fetch of the same request to the same server', value: raw.median('rate') }),
];
writeResults('broker-schwab', results);
