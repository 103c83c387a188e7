// Puts a FakeSchwab behind msw: the Trader API and Market Data hosts (routed by the contract, so a
// request that is no contract operation cannot be answered) and an OAuth token endpoint. Every
// request and answer goes through the ContractGuard; bearer tokens must be ones the token endpoint
// issued and still honours. Faults are armed one at a time and fire on the next matching request.
import { delay, http, HttpResponse, type AnyHandler } from 'msw';
import { createGuardedFetch, mockBrokerNetwork, type MockedBrokerNetwork } from '@invest/broker-testkit/network';
import { CANARY_SECRET } from '../../../../tools/test-setup/canary.ts';
import { ContractGuard, marketDataContract, traderContract, type Operation } from '../contract/contract-guard.ts';
import { FakeSchwab, type FakeSchwabOptions } from './fake-schwab.ts';
import type { FakeAnswer } from './fake-order-book.ts';

/** Hosts msw owns in tests. `.test` never resolves, so nothing can leak to a real host either. */
export const FAKE_HOSTS = {
  trader: 'https://api.schwab.test/trader/v1',
  marketData: 'https://api.schwab.test/marketdata/v1',
  token: 'https://api.schwab.test/v1/oauth/token',
  authorization: 'https://api.schwab.test/v1/oauth/authorize',
} as const;

/** What the next order request (place, replace) or read meets. */
export type Fault =
  /** The order is created; the answer comes only after the client gave up. */
  | 'timeout'
  /** The order is created; the answer is a 500. */
  | 'http500'
  /** The order is created; its Location header names another account. */
  | 'location-elsewhere'
  /** Refused with 429; nothing created. */
  | 'rate-limit'
  /** The access token in use is revoked first: a 401, as when Schwab ends a session early. */
  | 'unauthorized';

export interface FakeNetworkOptions extends FakeSchwabOptions {
  clientId?: string;
  clientSecret?: string;
  /** How long a `timeout` fault holds the answer. Default 1500 ms. */
  faultDelayMs?: number;
}

const isServiceError = (body: unknown): boolean => {
  const b = body as { message?: unknown; errors?: unknown } | undefined;
  return typeof b === 'object' && b !== null && (typeof b.message === 'string' || Array.isArray(b.errors));
};

/** A fake Schwab on the network: its handlers, its state, the guard, the token endpoint and the request log. */
export class FakeNetwork {
  readonly fake: FakeSchwab;
  readonly guard = new ContractGuard(isServiceError);
  readonly clientId: string;
  readonly clientSecret: string;
  readonly requests: { method: string; path: string; query: Record<string, string>; body: unknown; authorization: string | null; at: number }[] = [];
  readonly handlers: AnyHandler[];
  /** Access tokens the token endpoint issued, with their expiry (fake clock). */
  readonly accessTokens = new Map<string, number>();
  /** Refresh tokens honoured, with their expiry. */
  readonly refreshTokens = new Map<string, number>();
  refreshCalls = 0;
  /** Authorization codes the token endpoint takes (a login's redirect), with the redirect URI each was issued for. */
  readonly codes = new Map<string, string>();
  readonly #faults: { fault: Fault; on: 'order' | 'read' }[] = [];
  readonly #faultDelayMs: number;
  #issued = 0;

  constructor(options: FakeNetworkOptions = {}) {
    this.fake = new FakeSchwab(options);
    this.fake.locationBase = FAKE_HOSTS.trader;
    this.clientId = options.clientId ?? 'app-key-test';
    this.clientSecret = options.clientSecret ?? CANARY_SECRET;
    this.#faultDelayMs = options.faultDelayMs ?? 1500;
    this.handlers = [
      http.post(FAKE_HOSTS.token, ({ request }) => this.#token(request)),
      http.all(`${FAKE_HOSTS.trader}/*`, ({ request }) => this.#serve(request, 'trader')),
      http.all(`${FAKE_HOSTS.marketData}/*`, ({ request }) => this.#serve(request, 'marketData')),
    ];
  }

  /** A login as `invest auth login` leaves it: a stored token set, access valid `accessMs`, refresh valid `refreshMs`. */
  login(accessMs = 30 * 60_000, refreshMs = 7 * 86_400_000): string {
    const now = this.fake.book.clock.now();
    const accessToken = this.#issue(now + accessMs);
    const refreshToken = `rt-${this.#issued}`;
    this.refreshTokens.set(refreshToken, now + refreshMs);
    return JSON.stringify({ accessToken, tokenType: 'Bearer', accessTokenExpiresAt: now + accessMs, refreshToken, refreshTokenExpiresAt: now + refreshMs, loginAt: now, obtainedAt: now });
  }

  /**
   * Answers one request as the msw handlers would, for a fake served from a real loopback server
   * (child-process tests): the token endpoint, the Trader API or the Market Data API by path.
   */
  respond(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === new URL(FAKE_HOSTS.token).pathname) return this.#token(request);
    return this.#serve(request, pathname.startsWith(new URL(FAKE_HOSTS.marketData).pathname) ? 'marketData' : 'trader');
  }

  arm(fault: Fault, on: 'order' | 'read' = 'order'): void {
    this.#faults.push({ fault, on });
  }

  /** Lookups of recent orders (`GET .../orders`) that reached the fake. */
  get listRequests(): number {
    return this.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/orders')).length;
  }

  /** Order submissions (place, replace) that reached the fake. */
  get orderRequests(): number {
    return this.requests.filter((r) => (r.method === 'POST' && r.path.endsWith('/orders')) || r.method === 'PUT').length;
  }

  #issue(expiresAt: number): string {
    this.#issued += 1;
    const token = `at-${this.#issued}`;
    this.accessTokens.set(token, expiresAt);
    return token;
  }

  async #token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const basic = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (request.headers.get('authorization') !== basic) return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
    const now = this.fake.book.clock.now();
    if (form.get('grant_type') === 'authorization_code') {
      const code = form.get('code') ?? '';
      if (this.codes.get(code) !== form.get('redirect_uri')) return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      this.codes.delete(code);
      const refreshToken = `rt-login-${this.#issued + 1}`;
      this.refreshTokens.set(refreshToken, now + 7 * 86_400_000);
      return HttpResponse.json({ access_token: this.#issue(now + 30 * 60_000), token_type: 'Bearer', expires_in: 1800, refresh_token: refreshToken, scope: 'api' });
    }
    const refresh = form.get('refresh_token') ?? '';
    const until = this.refreshTokens.get(refresh);
    if (form.get('grant_type') !== 'refresh_token' || until === undefined || now >= until) {
      return HttpResponse.json({ error: 'invalid_grant', error_description: 'refresh token expired or unknown' }, { status: 400 });
    }
    this.refreshCalls += 1;
    const access = this.#issue(now + 30 * 60_000);
    return HttpResponse.json({ access_token: access, token_type: 'Bearer', expires_in: 1800, refresh_token: refresh, scope: 'api' });
  }

  async #serve(request: Request, api: 'trader' | 'marketData'): Promise<Response> {
    const url = new URL(request.url);
    // Paths are relative to the API's base path, whichever host serves it (msw or loopback).
    const base = new URL(FAKE_HOSTS[api]).pathname;
    const path = url.pathname.slice(base.length);
    const text = await request.text();
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        this.guard.violations.push(`${request.method} ${path}: body is not JSON`);
      }
    }
    const authorization = request.headers.get('authorization');
    this.requests.push({ method: request.method, path, query: Object.fromEntries(url.searchParams), body, authorization, at: this.fake.book.clock.now() });
    const contract = api === 'trader' ? traderContract : marketDataContract;
    const matched = this.guard.checkRequest(contract, { method: request.method, path, query: url.searchParams, body, authorization });
    if (!matched) return HttpResponse.json({ message: 'Not found', errors: ['Not found'] }, { status: 404 });
    const { op, params, query } = matched;
    const isOrder = op.operationId === 'placeOrder' || op.operationId === 'replaceOrder';
    const armed = this.#faults.findIndex((f) => f.on === (isOrder ? 'order' : 'read'));
    const fault = armed >= 0 ? this.#faults.splice(armed, 1)[0]!.fault : undefined;
    if (fault === 'unauthorized') this.accessTokens.clear();
    const token = authorization?.replace(/^Bearer /, '') ?? '';
    const expiry = this.accessTokens.get(token);
    if (expiry === undefined || this.fake.book.clock.now() >= expiry) {
      return this.#answer(contract, op, { status: 401, body: { message: 'Access token expired or invalid', errors: ['invalid_token'] } });
    }
    if (fault === 'rate-limit') return this.#answer(contract, op, { status: 429, body: { message: 'Exceeded the order limit', errors: ['Too many requests'] }, headers: { 'Retry-After': '1' } });
    const answer = api === 'trader' ? this.#trader(op, params, query, body as Record<string, unknown>) : this.fake.quote(params.symbol_id!);
    if (fault === 'http500') return this.#answer(contract, op, { status: 500, body: { message: 'Internal server error' } });
    if (fault === 'location-elsewhere' && answer.headers?.Location) {
      answer.headers.Location = answer.headers.Location.replace(this.fake.hash, 'ANOTHERACCOUNTHASH');
    }
    if (fault === 'timeout') await delay(this.#faultDelayMs);
    return this.#answer(contract, op, answer);
  }

  #answer(contract: typeof traderContract, op: Operation, answer: FakeAnswer): Response {
    this.guard.checkResponse(contract, op, answer.status, answer.body);
    const headers = { 'Schwab-Client-CorrelId': crypto.randomUUID(), ...answer.headers };
    if (answer.body === undefined) return new HttpResponse(null, { status: answer.status, headers });
    return HttpResponse.json(answer.body as never, { status: answer.status, headers });
  }

  #trader(op: Operation, params: Record<string, string>, query: Record<string, string>, body: Record<string, unknown>): FakeAnswer {
    const fake = this.fake;
    const hash = params.accountNumber ?? '';
    switch (op.operationId) {
      case 'getAccountNumbers': return fake.accountNumbers();
      case 'getAccount': return fake.account(hash, query.fields);
      case 'placeOrder': return fake.place(hash, body);
      case 'replaceOrder': return fake.replace(hash, params.orderId!, body);
      case 'cancelOrder': return fake.cancel(hash, params.orderId!);
      case 'getOrder': return fake.get(hash, params.orderId!);
      case 'getOrdersByPathParam': return fake.list(hash, query);
      case 'previewOrder': return fake.preview(hash, body);
      default: return { status: 500, body: { message: `the fake does not serve ${op.operationId}` } };
    }
  }
}

/** What `mockNetwork` puts on the network: a fake's handlers and its guard (TD's fake too). */
export interface MockedNetwork {
  readonly handlers: AnyHandler[];
  readonly guard: { readonly violations: string[] };
}

/**
 * One msw server for a test file. A request no handler takes is an error, recorded and failed on
 * in `afterEach`, as is any contract violation of the fakes in use.
 */
export function mockNetwork<N extends MockedNetwork = FakeNetwork>(): MockedBrokerNetwork<N> {
  return mockBrokerNetwork<N>({ violations: (n) => n.guard.violations });
}

/** A fetch that refuses any host but the fakes' and loopback. */
export const guardedFetch = createGuardedFetch(['.schwab.test']);
