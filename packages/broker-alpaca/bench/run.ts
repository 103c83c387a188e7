// pnpm bench for @invest/broker-alpaca. Every figure is paired with a baseline measured in the same
// run, against the same loopback server, so the ratios compare across machines.
//
// 1. submitOrder through the adapter vs a raw fetch of the same request (same body, same headers,
//    same server, same answer): throughput ratio (target >= 0.8) and added p99 (target <= 1 ms).
// 2. Reading 1,000 orders from contract-shaped JSON (parse + schema + map to the core model) vs
//    JSON.parse alone, in microseconds per order.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, parseOrderRequest, silentLogger, systemClock, withValidation } from '@invest/broker-core';
import { z } from 'zod';
import { percentile, result, writeResults, type BenchResult } from '../../../tools/bench/harness.ts';
import { contractValidator } from '../../../tools/contracts/src/validator.ts';
import { AlpacaBroker, AlpacaConfigSchema, toAlpacaOrderBody, toCoreOrder } from '../src/index.ts';
import { AlpacaOrderListSchema } from '../src/schemas/order.ts';
import tradingFacts from '../test/contract/trading-api.facts.json' with { type: 'json' };

const KEY = 'PKBENCH000001';
const SECRET = 'bench-secret-not-real';

// ---- A loopback Alpaca that answers every order with a contract-valid order -------------------

/** An order in Alpaca's shape; `i` varies ids, prices and classes. */
function orderJson(i: number, clientOrderId = `c-${i}`): Record<string, unknown> {
  const t = new Date(Date.UTC(2026, 0, 2, 14, 30, 0, i % 1000)).toISOString().replace('Z', '123456Z');
  const filled = i % 3 === 0;
  const leg = (n: number): Record<string, unknown> => ({
    ...base(`${i}-${n}`, randomUUID()), order_class: 'bracket', type: n === 0 ? 'limit' : 'stop', order_type: n === 0 ? 'limit' : 'stop',
    side: 'sell', limit_price: n === 0 ? '110.5' : null, stop_price: n === 0 ? null : '95.25', status: 'held', legs: null,
  });
  function base(suffix: string, id: string): Record<string, unknown> {
    return {
      id, client_order_id: suffix === String(i) ? clientOrderId : `leg-${suffix}`, created_at: t, updated_at: t, submitted_at: t,
      filled_at: filled ? t : null, expired_at: null, canceled_at: null, failed_at: null, replaced_at: null, replaced_by: null, replaces: null,
      asset_id: '8ccae427-5dd0-45b3-b5fe-7ba5e422c766', symbol: ['AAPL', 'MSFT', 'NVDA', 'SPY'][i % 4], asset_class: 'us_equity',
      notional: null, qty: String(1 + (i % 50)), filled_qty: filled ? String(1 + (i % 50)) : '0', filled_avg_price: filled ? `${100 + (i % 97) / 100}` : null,
      order_class: 'simple', order_type: 'limit', type: 'limit', side: i % 2 === 0 ? 'buy' : 'sell', position_intent: 'buy_to_open',
      time_in_force: i % 5 === 0 ? 'gtc' : 'day', limit_price: `${100 + (i % 89) / 100}`, stop_price: null, status: filled ? 'filled' : 'accepted',
      extended_hours: false, legs: null, trail_percent: null, trail_price: null, hwm: null,
    };
  }
  const order = base(String(i), randomUUID());
  if (i % 10 === 0) Object.assign(order, { order_class: 'bracket', legs: [leg(0), leg(1)] });
  return order;
}

const template = JSON.stringify(orderJson(1, '__CLIENT_ORDER_ID__'));

function serve(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    if (request.method !== 'POST' || request.url !== '/v2/orders' || request.headers['apca-api-key-id'] !== KEY) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":40410000,"message":"not found"}');
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { client_order_id: string };
    const answer = template.replace('__CLIENT_ORDER_ID__', body.client_order_id);
    response.writeHead(200, {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(answer),
      'x-ratelimit-limit': '1000000', 'x-ratelimit-remaining': '999999', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60),
    }).end(answer);
  });
}

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, serve);
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const broker = withValidation(new AlpacaBroker(
  AlpacaConfigSchema.parse({ apiKey: KEY, secretKey: SECRET, baseUrl, dataUrl: baseUrl, streaming: false, rateLimitPerMinute: 1_000_000 }),
  { name: 'bench', logger: silentLogger, clock: systemClock },
));

let seq = 0;
const request = () => ({ symbol: 'AAPL', side: 'buy' as const, quantity: 1, type: 'limit' as const, limitPrice: 100.5, clientOrderId: `bench-${seq++}` });
const adapterOnce = (): Promise<unknown> => broker.submitOrder(request());
// The raw baseline: the very bytes the adapter sends (same field order, same headers), built by
// hand, and the answer read as JSON.
const sent = (clientOrderId: string): string =>
  `{"symbol":"AAPL","qty":"1","side":"buy","type":"limit","time_in_force":"day","limit_price":"100.5","client_order_id":"${clientOrderId}"}`;
if (JSON.stringify(toAlpacaOrderBody(parseOrderRequest(request(), { clientOrderId: broker.capabilities.clientOrderId }))) !== sent(`bench-${seq - 1}`)) {
  throw new Error('the raw baseline does not send what the adapter sends');
}
const rawOnce = async (): Promise<unknown> => {
  const response = await fetch(`${baseUrl}/v2/orders`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET },
    body: sent(`bench-${seq++}`),
  });
  if (response.status !== 200) throw new Error(`raw fetch got ${response.status}`);
  return response.json();
};
// For attribution only: core's HTTP client alone, same request, no schema.
const core = createHttpClient({
  broker: 'bench', baseUrl, clock: systemClock, logger: silentLogger,
  authHeaders: () => ({ 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET }),
});
const anything = z.unknown();
const coreOnce = (): Promise<unknown> => {
  const clientOrderId = `bench-${seq++}`;
  return core.submitOrder('POST', '/v2/orders', { json: JSON.parse(sent(clientOrderId)), schema: anything, clientOrderId });
};

/** Runs `fn` `n` times in sequence; returns ops/s and every latency in ms. */
async function round(fn: () => Promise<unknown>, n: number): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { rate: n / (Number(process.hrtime.bigint() - start) / 1e9), latencies };
}

const ROUNDS = 8;
const PER_ROUND = 1500;
const contenders = [
  { name: 'adapter', fn: adapterOnce, rates: [] as number[], latencies: [] as number[] },
  { name: 'raw', fn: rawOnce, rates: [] as number[], latencies: [] as number[] },
  { name: 'core', fn: coreOnce, rates: [] as number[], latencies: [] as number[] },
];
for (const c of contenders) for (let i = 0; i < 1500; i++) await c.fn();
for (let r = 0; r < ROUNDS; r++) {
  // Rotate which goes first, so drift in the machine's speed hits all alike.
  for (let k = 0; k < contenders.length; k++) {
    const c = contenders[(r + k) % contenders.length]!;
    const { rate, latencies } = await round(c.fn, PER_ROUND);
    c.rates.push(rate);
    c.latencies.push(...latencies);
  }
}
server.close();
const [adapter, raw, coreClient] = contenders as [typeof contenders[0], typeof contenders[0], typeof contenders[0]];

const median = (values: number[]): number => percentile(values, 50);
const adapterRate = median(adapter.rates);
const rawRate = median(raw.rates);
const adapterP99 = percentile(adapter.latencies, 99);
const rawP99 = percentile(raw.latencies, 99);
const results: BenchResult[] = [];
results.push(result('submitOrder through the adapter (loopback HTTP, sequential)', adapterRate, 'ops/s', { name: 'raw fetch of the same request to the same server', value: rawRate },
  { text: '>= 0.8x raw fetch throughput', met: adapterRate >= 0.8 * rawRate }));
results.push(result('submitOrder p99 latency through the adapter', adapterP99, 'ms', { name: 'raw fetch p99 latency', value: rawP99 },
  { text: `added p99 <= 1 ms (measured ${(adapterP99 - rawP99).toFixed(3)} ms)`, met: adapterP99 - rawP99 <= 1 }));
results.push(result('submitOrder p50 latency through the adapter', percentile(adapter.latencies, 50), 'ms', { name: 'raw fetch p50 latency', value: percentile(raw.latencies, 50) }));
results.push(result('attribution: core HTTP client submitOrder alone (no schema, no mapping)', median(coreClient.rates), 'ops/s', { name: 'raw fetch of the same request', value: rawRate }));
results.push(result('attribution: core HTTP client p99 latency alone', percentile(coreClient.latencies, 99), 'ms', { name: 'raw fetch p99 latency', value: rawP99 }));
results.push(result('attribution: the adapter over core\'s HTTP client alone', adapterRate, 'ops/s', { name: 'core HTTP client alone', value: median(coreClient.rates) }));

// ---- Mapping 1,000 orders from contract-shaped JSON ------------------------------------------------

const orders = Array.from({ length: 1000 }, (_, i) => orderJson(i));
const contract = contractValidator(tradingFacts as never);
const listOp = contract.match('GET', '/v2/orders')!;
const warn = console.warn;
console.warn = () => {}; // ajv's notes about Alpaca's `format: decimal`
const fits = contract.checkResponse(listOp, 200, orders);
console.warn = warn;
if (!fits.ok) throw new Error(`bench orders do not fit the contract: ${fits.errors.slice(0, 3).join('; ')}`);
const text = JSON.stringify(orders);
const perOrder = (fn: () => unknown, repeats: number): number => {
  for (let i = 0; i < 20; i++) fn();
  let best = Infinity;
  for (let s = 0; s < repeats; s++) {
    const t = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e3 / orders.length);
  }
  return best;
};
let mapped = 0;
const mapUs = perOrder(() => {
  // As listOrders reads them: the answer schema (plain checks, the zod schema only for a bad one).
  mapped = AlpacaOrderListSchema.parse(JSON.parse(text)).map((o) => toCoreOrder(o)).length;
}, 40);
if (mapped !== 1000) throw new Error('mapping lost orders');
const parseUs = perOrder(() => JSON.parse(text), 40);
results.push(result('read 1,000 orders from contract JSON (parse + schema + map to core)', mapUs, 'us/order', { name: 'JSON.parse of the same text', value: parseUs }));

writeResults('broker-alpaca', results);
