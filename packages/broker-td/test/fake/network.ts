// Puts a FakeTd behind msw: TD's API host (routed by the contract) and its OAuth token endpoint (a
// public client: `client_id` with `@AMER.OAUTHAP` in the form, `access_type=offline`, a new refresh
// token on every refresh). Every request and answer goes through Schwab's ContractGuard with TD's
// facts and TD's error shape.
import { createGuardedFetch } from '@invest/broker-testkit/network';
import { delay, http, HttpResponse, type AnyHandler } from 'msw';
import { ContractGuard, type Operation } from '../../../broker-schwab/test/contract/contract-guard.ts';
import type { FakeAnswer, FakeOrderBookOptions } from '../../../broker-schwab/test/fake/fake-order-book.ts';
import { mockNetwork as mockSchwabNetwork } from '../../../broker-schwab/test/fake/network.ts';
import { tdContract } from '../contract/td-contract.ts';
import { FakeTd } from './fake-td.ts';

export const FAKE_HOSTS = {
  api: 'https://api.td.test/v1',
  token: 'https://api.td.test/v1/oauth2/token',
  authorization: 'https://auth.td.test/auth',
} as const;

export type Fault = 'timeout' | 'http500' | 'unauthorized';

export interface FakeNetworkOptions extends FakeOrderBookOptions {
  clientId?: string;
  faultDelayMs?: number;
}

const isTdError = (body: unknown): boolean => typeof (body as { error?: unknown } | undefined)?.error === 'string';

export class FakeNetwork {
  readonly fake: FakeTd;
  readonly guard = new ContractGuard(isTdError);
  readonly clientId: string;
  readonly requests: { method: string; path: string; query: Record<string, string>; body: unknown; at: number }[] = [];
  readonly handlers: AnyHandler[];
  readonly accessTokens = new Map<string, number>();
  readonly refreshTokens = new Map<string, number>();
  refreshCalls = 0;
  /** Authorization codes the token endpoint takes, with the redirect URI each was issued for. */
  readonly codes = new Map<string, string>();
  readonly #faults: { fault: Fault; on: 'order' | 'read' }[] = [];
  readonly #faultDelayMs: number;
  #issued = 0;

  constructor(options: FakeNetworkOptions = {}) {
    this.fake = new FakeTd(options);
    this.fake.locationBase = FAKE_HOSTS.api;
    this.clientId = options.clientId ?? 'TDKEYTEST';
    this.#faultDelayMs = options.faultDelayMs ?? 1500;
    this.handlers = [
      http.post(FAKE_HOSTS.token, ({ request }) => this.#token(request)),
      http.all(`${FAKE_HOSTS.api}/*`, ({ request }) => this.#serve(request)),
    ];
  }

  /** A refresh token as the original's `TD_REFRESH_TOKEN` holds it (90 days). */
  refreshToken(lifetimeMs = 90 * 86_400_000): string {
    this.#issued += 1;
    const token = `td-rt-${this.#issued}`;
    this.refreshTokens.set(token, this.fake.book.clock.now() + lifetimeMs);
    return token;
  }

  arm(fault: Fault, on: 'order' | 'read' = 'order'): void {
    this.#faults.push({ fault, on });
  }

  get orderRequests(): number {
    return this.requests.filter((r) => (r.method === 'POST' && r.path.endsWith('/orders')) || r.method === 'PUT').length;
  }

  async #token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    if (form.get('client_id') !== `${this.clientId}@AMER.OAUTHAP` || request.headers.has('authorization')) return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
    if (form.get('access_type') !== 'offline') return HttpResponse.json({ error: 'invalid_request' }, { status: 400 });
    const now = this.fake.book.clock.now();
    if (form.get('grant_type') === 'authorization_code') {
      const code = form.get('code') ?? '';
      if (this.codes.get(code) !== form.get('redirect_uri')) return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      this.codes.delete(code);
      return this.#tokens(now, this.refreshToken());
    }
    const presented = form.get('refresh_token') ?? '';
    const until = this.refreshTokens.get(presented);
    if (form.get('grant_type') !== 'refresh_token' || until === undefined || now >= until) return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
    this.refreshCalls += 1;
    this.refreshTokens.delete(presented);
    return this.#tokens(now, this.refreshToken());
  }

  /** A token answer: a new access token and the (rotated) refresh token, 90 days. */
  #tokens(now: number, refreshToken: string): Response {
    this.#issued += 1;
    const access = `td-at-${this.#issued}`;
    this.accessTokens.set(access, now + 30 * 60_000);
    return HttpResponse.json({ access_token: access, token_type: 'Bearer', expires_in: 1800, refresh_token: refreshToken, refresh_token_expires_in: 7_776_000, scope: 'PlaceTrades AccountAccess MoveMoney' });
  }

  /** Answers one request as the msw handlers would, for the fake served from a loopback server (child-process tests). */
  respond(request: Request): Promise<Response> {
    return new URL(request.url).pathname === new URL(FAKE_HOSTS.token).pathname ? this.#token(request) : this.#serve(request);
  }

  async #serve(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(FAKE_HOSTS.api).pathname.length);
    const text = await request.text();
    let body: unknown;
    if (text !== '') body = JSON.parse(text);
    const authorization = request.headers.get('authorization');
    this.requests.push({ method: request.method, path, query: Object.fromEntries(url.searchParams), body, at: this.fake.book.clock.now() });
    const matched = this.guard.checkRequest(tdContract, { method: request.method, path, query: url.searchParams, body, authorization });
    if (!matched) return HttpResponse.json({ error: 'Not found' }, { status: 404 });
    const { op, params, query } = matched;
    const isOrder = op.operationId === 'PlaceOrder' || op.operationId === 'ReplaceOrder';
    const armed = this.#faults.findIndex((f) => f.on === (isOrder ? 'order' : 'read'));
    const fault = armed >= 0 ? this.#faults.splice(armed, 1)[0]!.fault : undefined;
    if (fault === 'unauthorized') this.accessTokens.clear();
    const expiry = this.accessTokens.get(authorization?.replace(/^Bearer /, '') ?? '');
    if (expiry === undefined || this.fake.book.clock.now() >= expiry) return this.#answer(op, { status: 401, body: { error: 'The access token being passed has expired or is invalid.' } });
    const answer = this.#route(op, params, query, body as Record<string, unknown>);
    if (fault === 'http500') return this.#answer(op, { status: 500, body: { error: 'Internal server error' } });
    if (fault === 'timeout') await delay(this.#faultDelayMs);
    return this.#answer(op, answer);
  }

  #answer(op: Operation, answer: FakeAnswer): Response {
    this.guard.checkResponse(tdContract, op, answer.status, answer.body);
    if (answer.body === undefined) return new HttpResponse(null, { status: answer.status, ...(answer.headers ? { headers: answer.headers } : {}) });
    return HttpResponse.json(answer.body as never, { status: answer.status, ...(answer.headers ? { headers: answer.headers } : {}) });
  }

  #route(op: Operation, params: Record<string, string>, query: Record<string, string>, body: Record<string, unknown>): FakeAnswer {
    const fake = this.fake;
    const account = params.accountId ?? '';
    switch (op.operationId) {
      case 'GetAccount': return fake.account(account, query.fields);
      case 'PlaceOrder': return fake.place(account, body);
      case 'ReplaceOrder': return fake.replace(account, params.orderId!, body);
      case 'CancelOrder': return fake.cancel(account, params.orderId!);
      case 'GetOrder': return fake.get(account, params.orderId!);
      case 'GetOrdersByPath': return fake.list(account, query);
      case 'GetQuote': return fake.quote(params.symbol!);
      default: return { status: 500, body: { error: `the fake does not serve ${op.operationId}` } };
    }
  }
}

/** One msw server for a test file, as Schwab's tests have it (unhandled requests and contract violations fail the test). */
export function mockNetwork(): ReturnType<typeof mockSchwabNetwork<FakeNetwork>> {
  return mockSchwabNetwork<FakeNetwork>();
}

/** A fetch that refuses any host but the fakes' and loopback. */
export const guardedFetch = createGuardedFetch(['.td.test']);
