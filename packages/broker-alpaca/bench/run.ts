// pnpm bench for @invest/broker-alpaca. Every figure is paired with a baseline measured in the same
// run, against the same server, so the ratios compare across machines.
//
// 1. submitOrder through the adapter vs a raw fetch of the same request (same body, same headers,
//    same answer) to an HTTP server in another process on 127.0.0.1, so the server's work does not
//    land on this process's CPU: per-order p50 and p99 latency (sequential orders, 5 rounds of
//    2,000 after a warm-up; min / median / max of the rounds' p50s), added p50 (target <= 0.25 ms),
//    CPU per order added (process.cpuUsage, target <= 0.2 ms), and the throughput ratio (reported).
//    Attribution rows: core's HTTP client alone (no schema), and ky alone (no toolkit).
// 2. Reading 1,000 orders from contract-shaped JSON (parse + schema + map to the core model) vs
//    JSON.parse alone, in microseconds per order.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createHttpClient, parseOrderRequest, silentLogger, systemClock, withValidation } from '@invest/broker-core';
import { z } from 'zod';
import { latencyRounds, result, writeResults, type BenchResult } from '../../../tools/bench/harness.ts';
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

// The raw baseline sends the very bytes the adapter sends (same field order, same headers), built
// by hand. The server checks every body against it, so an adapter that sent something else would
// get a 400 and the bench would stop.
const sent = (clientOrderId: string): string =>
  `{"symbol":"AAPL","qty":"1","side":"buy","type":"limit","time_in_force":"day","limit_price":"100.5","client_order_id":"${clientOrderId}"}`;

// ---- An Alpaca in another process that answers every order with a contract-valid order --------

const SERVER = `
const { createServer } = require('node:http');
const { KEY, TEMPLATE, EXPECTED } = process.env;
const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const id = /"client_order_id":"([^"]*)"/.exec(text)?.[1];
    if (request.method !== 'POST' || request.url !== '/v2/orders' || request.headers['apca-api-key-id'] !== KEY || id === undefined || text !== EXPECTED.replace('__ID__', id)) {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"code":40010000,"message":"not the expected order request"}');
      return;
    }
    const answer = TEMPLATE.replace('__CLIENT_ORDER_ID__', id);
    response.writeHead(200, {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(answer),
      'x-ratelimit-limit': '1000000', 'x-ratelimit-remaining': '999999', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60),
    }).end(answer);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0)).resume();
`;
const child = spawn(process.execPath, ['-e', SERVER], {
  env: { ...process.env, KEY, TEMPLATE: template, EXPECTED: sent('__ID__') },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [portLine] = (await once(child.stdout, 'data')) as [Buffer];
const baseUrl = `http://127.0.0.1:${Number(portLine.toString().trim())}`;

// As users get it: the adapter behind core's edge (the order is parsed once, there).
const broker = withValidation(new AlpacaBroker(
  AlpacaConfigSchema.parse({ apiKey: KEY, secretKey: SECRET, baseUrl, dataUrl: baseUrl, streaming: false, rateLimitPerMinute: 1_000_000 }),
  { name: 'bench', logger: silentLogger, clock: systemClock },
));

let seq = 0;
const request = () => ({ symbol: 'AAPL', side: 'buy' as const, quantity: 1, type: 'limit' as const, limitPrice: 100.5, clientOrderId: `bench-${seq++}` });
if (JSON.stringify(toAlpacaOrderBody(parseOrderRequest(request(), { clientOrderId: broker.capabilities.clientOrderId }))) !== sent(`bench-${seq - 1}`)) {
  throw new Error('the raw baseline does not send what the adapter sends');
}
const adapterOnce = async (): Promise<unknown> => {
  const clientOrderId = `bench-${seq++}`;
  const order = await broker.submitOrder({ ...request(), clientOrderId });
  if (order.clientOrderId !== clientOrderId) throw new Error('the adapter returned another order');
  return order;
};
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
// For attribution only: ky itself (the design's HTTP library, decision 009), same request, no
// toolkit around it: what any adapter on ky pays before the toolkit, schema or mapping add a thing.
const kyPath = createRequire(new URL('../../broker-core/package.json', import.meta.url)).resolve('ky');
/** The part of ky this row uses (ky is core's dependency, not this package's: no types from it here). */
interface KyLike {
  default: { create(options: object): { post(path: string, options: object): Promise<Response> } };
}
const kyApi = ((await import(pathToFileURL(kyPath).href)) as KyLike).default.create({
  prefix: baseUrl, timeout: 10_000, retry: 0, redirect: 'manual', headers: { accept: 'application/json' },
});
const kyOnce = async (): Promise<unknown> => {
  const response = await kyApi.post('v2/orders', {
    headers: { 'content-type': 'application/json', 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET },
    body: sent(`bench-${seq++}`),
  });
  return response.json();
};
const coreOnce = (): Promise<unknown> => {
  const clientOrderId = `bench-${seq++}`;
  return core.submitOrder('POST', '/v2/orders', { json: JSON.parse(sent(clientOrderId)), schema: anything, clientOrderId });
};

// Rounds of 2,000 sequential orders per contender, first one rotating (see latencyRounds).
const { adapter, raw, core: coreClient, ky: kyAlone } = await latencyRounds(
  { adapter: adapterOnce, raw: rawOnce, core: coreOnce, ky: kyOnce },
  { rounds: 5, perRound: 2000 },
);
child.stdin.end();

const adapterP50 = adapter.median('p50');
const rawP50 = raw.median('p50');
const corePenalty = coreClient.median('p50') - rawP50;
const addedP50 = adapterP50 - rawP50;
const adapterCpu = adapter.median('cpuMs');
const rawCpu = raw.median('cpuMs');
const addedCpu = adapterCpu - rawCpu;
const results: BenchResult[] = [];
results.push(result(`submitOrder p50 latency through the adapter (server in another process; rounds' p50 ${adapter.spread('p50')} ms)`, adapterP50, 'ms',
  { name: `raw fetch p50 latency (rounds' p50 ${raw.spread('p50')} ms)`, value: rawP50 },
  { text: `added p50 <= 0.25 ms (measured ${addedP50.toFixed(3)} ms)`, met: addedP50 <= 0.25 }));
results.push(result('submitOrder p99 latency through the adapter (median of the rounds)', adapter.median('p99'), 'ms',
  { name: 'raw fetch p99 latency (median of the rounds)', value: raw.median('p99') }));
results.push(result('submitOrder CPU per order through the adapter (this process, user + system)', adapterCpu, 'ms',
  { name: 'raw fetch CPU per order', value: rawCpu },
  { text: `added CPU <= 0.2 ms per order (measured ${addedCpu.toFixed(3)} ms)`, met: addedCpu <= 0.2 }));
results.push(result('submitOrder throughput through the adapter (loopback, sequential)', adapter.median('rate'), 'ops/s',
  { name: 'raw fetch of the same request to the same server', value: raw.median('rate') }));
results.push(result(`attribution: core HTTP client submitOrder alone, p50 latency (no schema, no mapping; added ${corePenalty.toFixed(3)} ms)`, coreClient.median('p50'), 'ms',
  { name: 'raw fetch p50 latency', value: rawP50 }));
results.push(result('attribution: core HTTP client CPU per order alone', coreClient.median('cpuMs'), 'ms', { name: 'raw fetch CPU per order', value: rawCpu }));
const kyCpu = kyAlone.median('cpuMs');
results.push(result(`attribution: ky alone (no toolkit, no schema), CPU per order (rounds ${kyAlone.spread('cpuMs')} ms; added ${(kyCpu - rawCpu).toFixed(3)} ms)`, kyCpu, 'ms',
  { name: 'raw fetch CPU per order', value: rawCpu }));

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
