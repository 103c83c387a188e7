// Puts a FakeAlpaca behind msw: the trading and market data hosts (routed by the contract itself,
// so a request that is not a contract operation cannot be answered) and the trade_updates
// websocket. Every request and answer goes through the ContractGuard. Faults are armed one at a
// time and fire on the next matching request.
import { delay, http, HttpResponse, ws, type AnyHandler, type WebSocketHandlerConnection } from 'msw';

type StreamClient = WebSocketHandlerConnection['client'];
import { createGuardedFetch, mockBrokerNetwork, type MockedBrokerNetwork } from '@invest/broker-testkit/network';
import { CANARY_SECRET } from '../../../../tools/test-setup/canary.ts';
import { ContractGuard, marketDataContract, tradingContract, type Operation } from '../contract/contract-guard.ts';
import { FakeAlpaca, type FakeAlpacaOptions, type FakeAnswer } from './fake-alpaca.ts';

/** Hosts msw owns in tests. `.test` never resolves, so nothing can leak to a real host either. */
export const FAKE_HOSTS = {
  trading: 'https://paper-api.alpaca.test',
  data: 'https://data.alpaca.test',
  stream: 'wss://paper-api.alpaca.test/stream',
} as const;

/** What the next order submission (POST /v2/orders or PATCH) meets. */
export type OrderFault =
  /** The order is created; the answer comes only after the client gave up. */
  | 'timeout'
  /** The order is created; the connection is reset instead of answering. */
  | 'reset'
  /** The order is created; the answer is a 500. */
  | 'http500'
  /** Refused with 429 and X-RateLimit-Remaining 0 / X-RateLimit-Reset; nothing created. */
  | 'rate-limit'
  /** Refused with a bare 429 (no rate-limit headers, no Retry-After); nothing created. */
  | 'rate-limit-bare';

export interface FakeNetworkOptions extends FakeAlpacaOptions {
  keyId?: string;
  secret?: string;
  /** Requests per minute the fake reports in X-RateLimit-* headers. Default 10 000. */
  rateLimit?: number;
  /** How long a `timeout` fault holds the answer. Default 2000 ms. */
  faultDelayMs?: number;
}

let instances = 0;

/**
 * One websocket link for the whole file (msw keeps a channel per link): connections go to the
 * fake that `mockNetwork().use()` put on the network last.
 */
const streamLink = ws.link(FAKE_HOSTS.stream);
let streamTarget: FakeNetwork | undefined;
const streamHandler = streamLink.addEventListener('connection', ({ client }) => {
  if (streamTarget) streamTarget.accept(client);
  else client.close(1011, 'no fake on the network');
});

/** A fake Alpaca on the network: its msw handlers, its state, the guard and the request log. */
export class FakeNetwork {
  readonly fake: FakeAlpaca;
  readonly guard: ContractGuard;
  readonly keyId: string;
  readonly secret: string;
  /** Every HTTP request, in order: method, path (no host), query (parsed and as sent), body (parsed and as sent). */
  readonly requests: { method: string; path: string; search: string; query: Record<string, string>; body: unknown; text: string; at: number }[] = [];
  /** Every message the adapter sent on the stream. */
  readonly streamMessages: unknown[] = [];
  readonly handlers: AnyHandler[];
  readonly #faults: { fault: OrderFault; on: 'order' | 'read' }[] = [];
  /** Every trade update published, in order (for replays). */
  readonly published: Uint8Array<ArrayBuffer>[] = [];
  readonly #rateLimit: number;
  readonly #faultDelayMs: number;
  /** Clients that authenticated and listen to trade_updates. */
  readonly #listeners = new Set<StreamClient>();
  /** While set, stream connections are refused (closed at once). */
  refuseStream = false;
  /** Sends every trade update twice. */
  duplicateEvents = false;
  /** While set, trade updates are not sent (lost in transit). */
  muteStream = false;
  /** While set, the stream never answers the handshake. */
  silentStream = false;
  /** While set, every REST request is refused with 401, as for a revoked key. */
  revokedKeys = false;
  /** While set, every lookup by client order id answers 500 (the order itself is untouched). */
  failLookups = false;
  #windowStart = 0;
  #windowCount = 0;

  constructor(options: FakeNetworkOptions = {}) {
    instances += 1;
    this.keyId = options.keyId ?? `PKTEST${String(instances).padStart(6, '0')}`;
    this.secret = options.secret ?? CANARY_SECRET;
    this.#rateLimit = options.rateLimit ?? 10_000;
    this.#faultDelayMs = options.faultDelayMs ?? 2000;
    this.fake = new FakeAlpaca(options);
    this.guard = new ContractGuard({ keyId: this.keyId, secret: this.secret });
    this.fake.onEvent = (event) => {
      this.guard.checkStreamOrder(event.order);
      if (this.muteStream) return;
      const frame = new TextEncoder().encode(JSON.stringify({ stream: 'trade_updates', data: event }));
      this.published.push(frame);
      for (const client of this.#listeners) {
        client.send(frame);
        if (this.duplicateEvents) client.send(frame);
      }
    };
    this.handlers = [
      http.all(`${FAKE_HOSTS.trading}/*`, ({ request }) => this.#serve(request, 'trading')),
      http.all(`${FAKE_HOSTS.data}/*`, ({ request }) => this.#serve(request, 'data')),
      streamHandler,
    ];
  }

  /** Arms a fault for the next order submission (`order`) or the next other trading request (`read`). */
  arm(fault: OrderFault, on: 'order' | 'read' = 'order'): void {
    this.#faults.push({ fault, on });
  }

  /** Sends the `count` last trade updates again (a server replaying after a reconnect). */
  replay(count: number): void {
    for (const frame of this.published.slice(-count)) for (const client of this.#listeners) client.send(frame);
  }

  /** Lookups by client order id (`GET /v2/orders:by_client_order_id`) that reached the fake. */
  get lookupRequests(): number {
    return this.requests.filter((r) => r.method === 'GET' && r.path === '/v2/orders:by_client_order_id').length;
  }

  /** Order submissions (new orders and replaces) that reached the fake. */
  get orderRequests(): number {
    return this.requests.filter((r) => (r.method === 'POST' && r.path === '/v2/orders') || r.method === 'PATCH').length;
  }

  /** Closes every stream connection, as a network drop would. */
  dropStream(): void {
    for (const client of this.#listeners) client.close(1011, 'dropped by the test');
    this.#listeners.clear();
  }

  /** Number of authenticated, listening stream clients. */
  get listeners(): number {
    return this.#listeners.size;
  }

  #rateHeaders(): Record<string, string> {
    const now = this.fake.clock.now();
    if (now - this.#windowStart >= 60_000) {
      this.#windowStart = now;
      this.#windowCount = 0;
    }
    this.#windowCount += 1;
    return {
      'X-RateLimit-Limit': String(this.#rateLimit),
      'X-RateLimit-Remaining': String(Math.max(0, this.#rateLimit - this.#windowCount)),
      'X-RateLimit-Reset': String(Math.ceil((this.#windowStart + 60_000) / 1000)),
      'X-Request-ID': crypto.randomUUID().replaceAll('-', ''),
    };
  }

  async #serve(request: Request, host: 'trading' | 'data'): Promise<Response> {
    const url = new URL(request.url);
    const text = await request.text();
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        this.guard.violations.push(`${request.method} ${url.pathname}: body is not JSON`);
      }
    }
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: request.method, path: url.pathname, search: url.search, query, body, text, at: this.fake.clock.now() });
    const contract = host === 'trading' ? tradingContract : marketDataContract;
    const matched = this.guard.checkRequest(contract, { method: request.method, url, headers: request.headers, body });
    if (!matched) return HttpResponse.json({ code: 40410000, message: 'endpoint not found' }, { status: 404 });
    const { op, params } = matched;
    if (this.revokedKeys) return this.#answer(contract, op, { status: 401, body: { code: 40110000, message: 'request is not authorized' } });
    if (this.failLookups && op.operationId === 'getOrderByClientOrderId') {
      return this.#answer(contract, op, { status: 500, body: { code: 50010000, message: 'internal server error' } });
    }
    const isOrder = op.operationId === 'postOrder' || op.operationId === 'patchOrderByOrderId';
    const armed = this.#faults.findIndex((f) => f.on === (isOrder ? 'order' : 'read'));
    const fault = armed >= 0 && host === 'trading' ? this.#faults.splice(armed, 1)[0]!.fault : undefined;
    if (fault === 'rate-limit') {
      const reset = Math.ceil(this.fake.clock.now() / 1000) + 2;
      return this.#answer(contract, op, { status: 429, body: { code: 42910000, message: 'rate limit exceeded' } }, {
        'X-RateLimit-Limit': String(this.#rateLimit), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset),
      });
    }
    if (fault === 'rate-limit-bare') return this.#answer(contract, op, { status: 429, body: { code: 42910000, message: 'too many requests' } }, {});
    const answer = host === 'trading' ? this.#trading(op, params, query, body as Record<string, unknown>) : this.#data(op, params);
    if (fault === 'reset') return HttpResponse.error();
    if (fault === 'http500') return this.#answer(contract, op, { status: 500, body: { code: 50010000, message: 'internal server error' } });
    if (fault === 'timeout') await delay(this.#faultDelayMs);
    return this.#answer(contract, op, answer);
  }

  #answer(contract: typeof tradingContract, op: Operation, answer: FakeAnswer, headers: Record<string, string> = this.#rateHeaders()): Response {
    this.guard.checkResponse(contract, op, answer.status, answer.body);
    if (answer.body === undefined) return new HttpResponse(null, { status: answer.status, headers });
    return HttpResponse.json(answer.body as never, { status: answer.status, headers });
  }

  #trading(op: Operation, params: Record<string, string>, query: Record<string, string>, body: Record<string, unknown>): FakeAnswer {
    const fake = this.fake;
    switch (op.operationId) {
      case 'getAccount': return fake.account();
      case 'getAllOpenPositions': return fake.positionList();
      case 'getOpenPosition': return fake.position(params.symbol_or_asset_id!);
      case 'deleteOpenPosition': return fake.closePosition(params.symbol_or_asset_id!, query);
      case 'postOrder': return fake.submit(body);
      case 'getAllOrders': return fake.list(query);
      case 'getOrderByOrderID': return fake.get(params.order_id!, query.nested === 'true');
      case 'getOrderByClientOrderId': return fake.getByClientId(query.client_order_id!);
      case 'patchOrderByOrderId': return fake.replace(params.order_id!, body);
      case 'deleteOrderByOrderID': return fake.cancel(params.order_id!);
      default: return { status: 500, body: { code: 50010000, message: `the fake does not serve ${op.operationId}` } };
    }
  }

  #data(op: Operation, params: Record<string, string>): FakeAnswer {
    const symbol = params.symbol!.toUpperCase();
    const q = this.fake.quote(symbol);
    const t = this.fake.stamp();
    if (op.operationId === 'StockLatestQuoteSingle') {
      return { status: 200, body: { symbol, quote: { t, bx: 'V', bp: q.bid, bs: 2, ax: 'V', ap: q.ask, as: 3, c: ['R'], z: 'C' } } };
    }
    if (op.operationId === 'StockLatestTradeSingle') {
      return { status: 200, body: { symbol, trade: { t, x: 'V', p: q.last, s: 100, c: ['@'], i: 1000 + this.requests.length, z: 'C' } } };
    }
    return { status: 500, body: { code: 50010000, message: `the fake does not serve ${op.operationId}` } };
  }

  /** Takes a stream connection (the shared link hands it over). */
  accept(client: StreamClient): void {
    if (this.refuseStream) {
      client.close(1013, 'try again later');
      return;
    }
    let authorized = false;
    client.addEventListener('close', () => this.#listeners.delete(client));
    const send = (message: unknown): void => client.send(new TextEncoder().encode(JSON.stringify(message)));
    client.addEventListener('message', (event) => {
      const raw = event.data;
      const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw as ArrayBuffer);
      let message: { action?: string; data?: Record<string, unknown> };
      try {
        message = JSON.parse(text);
      } catch {
        this.guard.violations.push('stream: a message is not JSON');
        return;
      }
      this.streamMessages.push(message);
      this.guard.checkStreamMessage(message);
      if (this.silentStream) return;
      if (message.action === 'authenticate') {
        authorized = message.data?.key_id === this.keyId && message.data?.secret_key === this.secret;
        send({ stream: 'authorization', data: { status: authorized ? 'authorized' : 'unauthorized', action: 'authenticate' } });
        // After the answer has gone out (msw drops a frame queued behind a close).
        if (!authorized) setTimeout(() => client.close(1008, 'unauthorized'), 5);
      } else if (message.action === 'listen') {
        if (!authorized) {
          send({ stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } });
          return;
        }
        const streams = (message.data?.streams as string[] | undefined) ?? [];
        if (streams.includes('trade_updates')) this.#listeners.add(client);
        send({ stream: 'listening', data: { streams: streams.filter((s) => s === 'trade_updates') } });
      }
    });
  }
}

/**
 * One msw server for a test file, listening for the whole file. A frame (request or websocket)
 * that no handler takes is an error, recorded and failed on in `afterEach`, as is any contract
 * violation of the fakes in use. `use` also points the trade_updates link at the fake.
 */
export function mockNetwork(): MockedBrokerNetwork<FakeNetwork> {
  return mockBrokerNetwork<FakeNetwork>({ violations: (n) => n.guard.violations, onUse: (n) => { streamTarget = n; } });
}

/**
 * A fetch that refuses any host but the fakes' and loopback, so even a handler mistake cannot
 * send a request (with the canary credentials) anywhere real.
 */
export const guardedFetch = createGuardedFetch(['.alpaca.test']);
