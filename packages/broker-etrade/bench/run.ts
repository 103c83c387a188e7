// pnpm bench for @invest/broker-etrade. A signed order round trip, preview then place, through the
// adapter vs a raw signed fetch of the same two requests (same bodies, OAuth 1.0a signed with the
// same signer) to an HTTP server in another process on 127.0.0.1, so the server's work does not
// land on this process's CPU. Sequential orders, 5 rounds of 1,000 after a warm-up; per-order p50
// and p99 (min / median / max of the rounds' p50s), added p50 (target <= 0.5 ms), CPU added per
// order (process.cpuUsage, target <= 0.4 ms for the pair) and the throughput ratio (reported).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createNonce, signRequest } from '@invest/auth';
import { createHttpClient, silentLogger, systemClock, withValidation } from '@invest/broker-core';
import { z } from 'zod';
import { latencyRounds, result, writeResults, type BenchResult } from '../../../tools/bench/harness.ts';
import { EtradeBroker, EtradeConfigSchema, etradeClientOrderId } from '../src/index.ts';

const CONSUMER = { key: 'bench-consumer', secret: 'bench-consumer-secret-not-real' };
const ACCESS = { token: 'bench-token', secret: 'bench-token-secret-not-real' };
const KEY = 'benchAccountKey1';

// The preview body the adapter sends for the bench order; the raw baseline sends the same bytes.
const previewBody = (clientOrderId: string): string =>
  `{"PreviewOrderRequest":{"orderType":"EQ","clientOrderId":"${clientOrderId}","Order":[{"allOrNone":false,"priceType":"LIMIT","orderTerm":"GOOD_FOR_DAY","marketSession":"REGULAR","Instrument":[{"Product":{"securityType":"EQ","symbol":"AAPL"},"orderAction":"BUY","quantityType":"QUANTITY","quantity":1}],"limitPrice":100.5}]}}`;

// ---- An E*TRADE in another process: account list, preview, place (checks place repeats preview) ---

const SERVER = `
const { createServer } = require('node:http');
const { KEY } = process.env;
let nextPreview = 266606056100, nextOrder = 1000;
const previews = new Map();
const json = (response, status, body) => { const text = JSON.stringify(body); response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text); };
const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => {
    if (!String(request.headers.authorization || '').startsWith('OAuth ')) return json(response, 401, { Error: { message: 'oauth_problem=parameter_absent' } });
    const text = Buffer.concat(chunks).toString('utf8');
    const path = request.url.split('?')[0];
    if (path === '/v1/accounts/list') return json(response, 200, { AccountListResponse: { Accounts: { Account: [{ accountId: '1', accountIdKey: KEY, accountStatus: 'ACTIVE', institutionType: 'BROKERAGE' }] } } });
    if (path === '/v1/accounts/' + KEY + '/orders/preview') {
      const body = JSON.parse(text).PreviewOrderRequest;
      const previewId = nextPreview++;
      previews.set(previewId, JSON.stringify(body));
      return json(response, 200, { PreviewOrderResponse: { orderType: 'EQ', previewTime: Date.now(), totalOrderValue: 100.5, Order: body.Order, PreviewIds: [{ previewId, cashMargin: 'CASH' }] } });
    }
    if (path === '/v1/accounts/' + KEY + '/orders/place') {
      const { PreviewIds, ...rest } = JSON.parse(text).PlaceOrderRequest;
      if (previews.get(PreviewIds[0].previewId) !== JSON.stringify(rest)) return json(response, 400, { Error: { code: 101, message: 'place does not repeat its preview' } });
      previews.delete(PreviewIds[0].previewId);
      return json(response, 200, { PlaceOrderResponse: { orderType: 'EQ', placedTime: Date.now(), Order: rest.Order, OrderIds: [{ orderId: nextOrder++ }] } });
    }
    json(response, 404, { Error: { message: 'not found' } });
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0)).resume();
`;
const child = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, KEY }, stdio: ['pipe', 'pipe', 'inherit'] });
const [portLine] = (await once(child.stdout, 'data')) as [Buffer];
const baseUrl = `http://127.0.0.1:${Number(portLine.toString().trim())}`;

// As users get it: the adapter behind core's edge, with a token given in the config.
const broker = withValidation(new EtradeBroker(
  EtradeConfigSchema.parse({ consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret, accessToken: ACCESS.token, accessTokenSecret: ACCESS.secret, baseUrl, rateLimitPerSecond: 100_000 }),
  { name: 'bench', logger: silentLogger, clock: systemClock },
));
await broker.connect();

let seq = 0;
const adapterOnce = async (): Promise<unknown> => {
  const clientOrderId = `bench${seq++}`;
  const order = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100.5, clientOrderId });
  if (order.clientOrderId !== clientOrderId) throw new Error('the adapter returned another order');
  return order;
};

const signed = (method: string, url: string): string =>
  signRequest({ method, url, consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret, token: ACCESS.token, tokenSecret: ACCESS.secret, realm: '', nonce: createNonce(), timestamp: Math.floor(Date.now() / 1000) }).authorization;
const post = async (path: string, body: string): Promise<unknown> => {
  const url = `${baseUrl}${path}`;
  const response = await fetch(url, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json', authorization: signed('POST', url) }, body });
  if (response.status !== 200) throw new Error(`raw fetch got ${response.status}`);
  return response.json();
};
const rawOnce = async (): Promise<unknown> => {
  const preview = previewBody(etradeClientOrderId(`bench${seq++}`));
  const answer = (await post(`/v1/accounts/${KEY}/orders/preview`, preview)) as { PreviewOrderResponse: { PreviewIds: [{ previewId: number }] } };
  const previewId = answer.PreviewOrderResponse.PreviewIds[0].previewId;
  const place = `{"PlaceOrderRequest":${preview.slice('{"PreviewOrderRequest":'.length, -2)},"PreviewIds":[{"previewId":${previewId}}]}}`;
  return post(`/v1/accounts/${KEY}/orders/place`, place);
};

// For attribution only: core's HTTP client alone sending the same two signed requests, no schema.
const core = createHttpClient({ broker: 'bench', baseUrl, clock: systemClock, logger: silentLogger, authHeaders: ({ method, url }) => ({ authorization: signed(method, url.href) }) });
const anything = z.unknown();
const coreOnce = async (): Promise<unknown> => {
  const clientOrderId = etradeClientOrderId(`bench${seq++}`);
  const preview = JSON.parse(previewBody(clientOrderId)) as { PreviewOrderRequest: Record<string, unknown> };
  const { data } = await core.post(`/v1/accounts/${KEY}/orders/preview`, { json: preview, schema: anything, headers: { accept: 'application/json' } });
  const previewId = (data as { PreviewOrderResponse: { PreviewIds: [{ previewId: number }] } }).PreviewOrderResponse.PreviewIds[0].previewId;
  const json = { PlaceOrderRequest: { ...preview.PreviewOrderRequest, PreviewIds: [{ previewId }] } };
  return core.submitOrder('POST', `/v1/accounts/${KEY}/orders/place`, { json, schema: anything, clientOrderId, headers: { accept: 'application/json' } });
};

const ROUNDS = 5;
const { adapter, raw, core: coreClient } = await latencyRounds({ adapter: adapterOnce, raw: rawOnce, core: coreOnce }, { rounds: ROUNDS, perRound: 1000 });
child.stdin.end();

const adapterP50 = adapter.median('p50');
const rawP50 = raw.median('p50');
const addedP50 = adapterP50 - rawP50;
const adapterCpu = adapter.median('cpuMs');
const rawCpu = raw.median('cpuMs');
const addedCpu = adapterCpu - rawCpu;
const results: BenchResult[] = [
  result(`order round trip (preview + place) p50 through the adapter (rounds' p50 ${adapter.spread('p50')} ms)`, adapterP50, 'ms',
    { name: `raw signed fetch of the same two requests, p50 (rounds' p50 ${raw.spread('p50')} ms)`, value: rawP50 },
    { text: `added p50 <= 0.5 ms (measured ${addedP50.toFixed(3)} ms)`, met: addedP50 <= 0.5 }),
  result('order round trip p99 through the adapter (median of the rounds)', adapter.median('p99'), 'ms',
    { name: 'raw signed fetch p99 (median of the rounds)', value: raw.median('p99') }),
  result('order round trip CPU per order through the adapter (this process, user + system)', adapterCpu, 'ms',
    { name: 'raw signed fetch CPU per order', value: rawCpu },
    { text: `added CPU <= 0.4 ms per order (measured ${addedCpu.toFixed(3)} ms)`, met: addedCpu <= 0.4 }),
  result('orders per second through the adapter (loopback, sequential)', adapter.median('rate'), 'ops/s',
    { name: 'raw signed fetch of the same requests', value: raw.median('rate') }),
  result(`attribution: core HTTP client alone, the same two signed requests, p50 (no schema, no mapping; added ${(coreClient.median('p50') - rawP50).toFixed(3)} ms)`, coreClient.median('p50'), 'ms',
    { name: 'raw signed fetch p50', value: rawP50 }),
  result(`attribution: core HTTP client alone, CPU per order (added ${(coreClient.median('cpuMs') - rawCpu).toFixed(3)} ms)`, coreClient.median('cpuMs'), 'ms',
    { name: 'raw signed fetch CPU per order', value: rawCpu }),
];

// ---- In process, fetch stubbed: the adapter's own CPU over core's HTTP client, without network noise ---

let nextPreview = 1;
let nextOrder = 1;
const stub: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = typeof init?.body === 'string' ? init.body : '';
  const answer = (o: unknown): Response => new Response(JSON.stringify(o), { status: 200, headers: { 'content-type': 'application/json' } });
  if (url.pathname === '/v1/accounts/list') return answer({ AccountListResponse: { Accounts: { Account: [{ accountId: '1', accountIdKey: KEY }] } } });
  if (url.pathname.endsWith('/preview')) {
    const order = (JSON.parse(body) as { PreviewOrderRequest: { Order: unknown[] } }).PreviewOrderRequest.Order;
    return answer({ PreviewOrderResponse: { orderType: 'EQ', previewTime: 1, Order: order, PreviewIds: [{ previewId: nextPreview++ }] } });
  }
  const order = (JSON.parse(body) as { PlaceOrderRequest: { Order: unknown[] } }).PlaceOrderRequest.Order;
  return answer({ PlaceOrderResponse: { orderType: 'EQ', placedTime: 1, Order: order, OrderIds: [{ orderId: nextOrder++ }] } });
};
const stubbed = withValidation(new EtradeBroker(
  EtradeConfigSchema.parse({ consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret, accessToken: ACCESS.token, accessTokenSecret: ACCESS.secret, rateLimitPerSecond: 100_000 }),
  { name: 'bench-stub', logger: silentLogger, clock: systemClock, fetch: stub },
));
await stubbed.connect();
const stubCore = createHttpClient({ broker: 'bench', baseUrl: 'https://apisb.etrade.com', clock: systemClock, logger: silentLogger, fetch: stub, authHeaders: ({ method, url }) => ({ authorization: signed(method, url.href) }) });
const stubAdapterOnce = (): Promise<unknown> => stubbed.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100.5, clientOrderId: `bench${seq++}` });
const stubCoreOnce = async (): Promise<unknown> => {
  const clientOrderId = etradeClientOrderId(`bench${seq++}`);
  const preview = JSON.parse(previewBody(clientOrderId)) as { PreviewOrderRequest: Record<string, unknown> };
  const { data } = await stubCore.post(`/v1/accounts/${KEY}/orders/preview`, { json: preview, schema: anything, headers: { accept: 'application/json' } });
  const previewId = (data as { PreviewOrderResponse: { PreviewIds: [{ previewId: number }] } }).PreviewOrderResponse.PreviewIds[0].previewId;
  const json = { PlaceOrderRequest: { ...preview.PreviewOrderRequest, PreviewIds: [{ previewId }] } };
  return stubCore.submitOrder('POST', `/v1/accounts/${KEY}/orders/place`, { json, schema: anything, clientOrderId, headers: { accept: 'application/json' } });
};
// One contender per call: the adapter's rounds all run before core's.
const cpuPerOrder = async (fn: () => Promise<unknown>): Promise<number> =>
  (await latencyRounds({ fn }, { rounds: ROUNDS, perRound: 2000 })).fn.median('cpuMs');
const stubAdapterCpu = await cpuPerOrder(stubAdapterOnce);
const stubCoreCpu = await cpuPerOrder(stubCoreOnce);
results.push(result(`in process, fetch stubbed: CPU per order (preview + place) through the adapter (added over core's client alone: ${(stubAdapterCpu - stubCoreCpu).toFixed(3)} ms)`, stubAdapterCpu, 'ms',
  { name: "core's HTTP client alone, the same two requests, fetch stubbed", value: stubCoreCpu }));

writeResults('broker-etrade', results);
