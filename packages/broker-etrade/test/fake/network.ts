// Puts a FakeEtrade behind msw on the fake hosts: the OAuth token steps and the v1 data API. Every
// request's OAuth 1.0a signature is recomputed by `checkOAuth` (independent of the signer under
// test); a bad one fails the request with 401 and is recorded as a violation, which fails the test.
// Order bodies are checked against the request schemas and the contract's enums.
import { delay, getResponse, http, HttpResponse, type HttpHandler } from 'msw';
import { createGuardedFetch, mockBrokerNetwork, type MockedBrokerNetwork } from '@invest/broker-testkit/network';
import type { Clock } from '@invest/broker-core';
import { CANARY_SECRET, CANARY_TOKEN } from '../../../../tools/test-setup/canary.ts';
import { EtradeCancelRequestSchema, EtradePlaceRequestSchema, EtradePreviewRequestSchema } from '../../src/schemas/order-body.ts';
import contract from '../contract/etrade-v1.facts.json' with { type: 'json' };
import { ACCOUNT, FakeEtrade, FakeRefusal, OTHER_ACCOUNT } from './fake-etrade.ts';
import { checkOAuth } from './oauth-check.ts';

/** Hosts msw owns in tests. `.test` never resolves, so nothing can leak to a real host either. */
export const FAKE_HOST = 'https://apisb.etrade.test';

/** What the next place (new or change) meets. */
export type PlaceFault =
  /** The order is placed; the answer comes only after the client gave up. */
  | 'timeout'
  /** The order is placed; the connection is reset instead of answering. */
  | 'reset'
  /** Refused with E*TRADE's rate-limit answer (HTTP 400 and its sentence); nothing placed. */
  | 'rate-limit'
  /** The next preview is refused in XML (as E*TRADE can answer errors to a JSON request): code 1037, insufficient shares. */
  | 'xml-refusal'
  /** The next preview's answer comes only after the client gave up. */
  | 'preview-timeout';

const TWO_HOURS = 2 * 3_600_000;

/** Tokens as the fake's OAuth server holds them. */
export interface FakeTokens {
  consumerKey: string;
  consumerSecret: string;
  request: { token: string; secret: string; verifier: string; issued: boolean };
  access: Map<string, { secret: string; lastUsedAt: number; expiresAt: number; revoked: boolean }>;
}

/** A fake E*TRADE on the network: its msw handlers, its state, the OAuth check and the request log. */
export class FakeNetwork {
  readonly fake: FakeEtrade;
  readonly tokens: FakeTokens;
  /** Every request: method, path, query, body as sent (parsed), oauth step. */
  readonly requests: { method: string; path: string; query: Record<string, string>; body: unknown; accept: string | null }[] = [];
  /** OAuth or contract problems: each fails the test (see `mockNetwork`). */
  readonly violations: string[] = [];
  readonly nonces = new Set<string>();
  readonly handlers: HttpHandler[];
  /** Renewals the fake answered. */
  renewals = 0;
  readonly #faults: PlaceFault[] = [];

  /** Base URL the handlers answer on: the fake host, or a loopback server bridged to them. */
  readonly host: string;

  constructor(readonly clock: Clock, options: { faultDelayMs?: number; host?: string } = {}) {
    this.host = options.host ?? FAKE_HOST;
    this.fake = new FakeEtrade(clock);
    const now = clock.now();
    this.tokens = {
      consumerKey: 'ck-etrade-test',
      consumerSecret: CANARY_SECRET,
      request: { token: 'req%2Btoken', secret: 'req-secret', verifier: 'V3R1F', issued: false },
      access: new Map([['acc-token', { secret: CANARY_TOKEN, lastUsedAt: now, expiresAt: now + 12 * 3_600_000, revoked: false }]]),
    };
    this.handlers = this.#handlers(options.faultDelayMs ?? 1500);
  }

  /** Answers one request with the fake's handlers (for a loopback server bridged to them); undefined when none takes it. */
  respond(request: Request): Promise<Response | undefined> {
    return getResponse(this.handlers, request);
  }

  /** Arms a fault for the next place. */
  arm(fault: PlaceFault): void {
    this.#faults.push(fault);
  }

  /** Places and changes that reached the fake (previews excluded). */
  get placeRequests(): number {
    return this.requests.filter((r) => r.path.endsWith('/place')).length;
  }

  #refuse(problem: string, status = 401): Response {
    return new HttpResponse(`<html><body>oauth_problem=${problem}</body></html>`, { status, headers: { 'content-type': 'text/html' } });
  }

  /** Checks the signature, nonce and timestamp; for data calls also that the access token is live. */
  #verify(request: Request, step: 'request' | 'access' | 'renew' | 'data'): Response | string | undefined {
    const t = this.tokens;
    const check = checkOAuth(request, t.consumerSecret, (token) => {
      if (step === 'request') return token === undefined ? '' : undefined;
      if (step === 'access') return token === decodeURIComponent(t.request.token) && t.request.issued ? t.request.secret : undefined;
      return token === undefined ? undefined : t.access.get(token)?.secret;
    });
    if (!check.ok) {
      this.violations.push(`${request.method} ${new URL(request.url).pathname}: OAuth check failed (${check.problem})`);
      return this.#refuse(check.problem ?? 'signature_invalid');
    }
    if (check.params.get('oauth_consumer_key') !== t.consumerKey) return this.#refuse('consumer_key_unknown');
    const nonce = check.params.get('oauth_nonce') ?? '';
    if (nonce === '' || this.nonces.has(nonce)) {
      this.violations.push(`nonce reused: ${nonce}`);
      return this.#refuse('nonce_used');
    }
    this.nonces.add(nonce);
    if (Math.abs(Number(check.params.get('oauth_timestamp')) - this.clock.now() / 1000) > 300) return this.#refuse('timestamp_refused');
    if (step === 'request') return check.params.get('oauth_callback') === 'oob' ? undefined : this.#refuse('parameter_rejected', 400);
    if (step === 'access') return check.params.get('oauth_verifier') === t.request.verifier ? undefined : this.#refuse('verifier_invalid');
    const token = check.params.get('oauth_token')!;
    const access = t.access.get(token)!;
    if (access.revoked || this.clock.now() >= access.expiresAt) return this.#refuse('token_expired');
    if (step === 'renew') {
      access.lastUsedAt = this.clock.now();
      return undefined;
    }
    // E*TRADE: after 2 hours without requests the token is inactive until renewed.
    if (this.clock.now() - access.lastUsedAt > TWO_HOURS) return this.#refuse('token_rejected');
    access.lastUsedAt = this.clock.now();
    return token;
  }

  async #log(request: Request): Promise<unknown> {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    const body = text === '' ? undefined : JSON.parse(text);
    this.requests.push({ method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, accept: request.headers.get('accept') });
    if (url.pathname.startsWith('/v1/') && request.headers.get('accept') !== 'application/json') this.violations.push(`${url.pathname} asked for ${request.headers.get('accept')}`);
    return body;
  }

  #contract(body: unknown, schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, what: string): void {
    const parsed = schema.safeParse(body);
    if (!parsed.success) this.violations.push(`${what}: body breaks the request schema: ${String(parsed.error)}`);
    const order = (body as { PreviewOrderRequest?: { Order?: unknown[] }; PlaceOrderRequest?: { Order?: unknown[] } } | undefined);
    const detail = (order?.PreviewOrderRequest ?? order?.PlaceOrderRequest)?.Order?.[0] as { priceType?: string; orderTerm?: string } | undefined;
    if (detail?.priceType && !contract.orders.priceType.includes(detail.priceType)) this.violations.push(`${what}: priceType ${detail.priceType} is not in the contract`);
    if (detail?.orderTerm && !contract.orders.orderTerm.includes(detail.orderTerm)) this.violations.push(`${what}: orderTerm ${detail.orderTerm} is not in the contract`);
  }

  #handlers(faultDelayMs: number): HttpHandler[] {
    const h = this.host;
    const form = (fields: Record<string, string>) => new HttpResponse(Object.entries(fields).map(([k, v]) => `${k}=${v}`).join('&'), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const refusal = (error: unknown): Response => {
      if (!(error instanceof FakeRefusal)) throw error;
      return HttpResponse.json({ Error: { ...(error.code !== undefined ? { code: error.code } : {}), message: error.message } }, { status: error.status });
    };
    /** A data handler: logs, verifies OAuth, checks the account key, answers or refuses. */
    const data = (handle: (request: Request, params: Record<string, string | readonly string[] | undefined>, body: unknown) => Promise<Response> | Response) =>
      async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
        const body = await this.#log(request);
        const refused = this.#verify(request, 'data');
        if (refused instanceof Response) return refused;
        if (params.key !== undefined && params.key !== ACCOUNT.accountIdKey && params.key !== OTHER_ACCOUNT.accountIdKey) {
          return HttpResponse.json({ Error: { code: 102, message: 'Invalid account key' } }, { status: 400 });
        }
        try {
          return await handle(request, params, body);
        } catch (error) {
          return refusal(error);
        }
      };
    const placeAnswer = async (order: ReturnType<FakeEtrade['place']>, request: EtradePlaceRequestBody) => {
      const fault = this.#faults.shift();
      if (fault === 'timeout') await delay(faultDelayMs);
      if (fault === 'reset') return HttpResponse.error();
      const r = request.PlaceOrderRequest;
      return HttpResponse.json({
        PlaceOrderResponse: {
          orderType: r.orderType,
          totalOrderValue: 0,
          placedTime: order.placedTime,
          accountId: ACCOUNT.accountId,
          Order: [{ ...r.Order[0], Instrument: r.Order[0]!.Instrument, messages: { Message: [{ description: '200|Your order was successfully entered during market hours.', code: 1026, type: 'WARNING' }] } }],
          OrderIds: [{ orderId: order.orderId }],
        },
      });
    };
    const place = (changes: boolean) =>
      data(async (_request, params, body) => {
        this.#contract(body, EtradePlaceRequestSchema, 'place');
        if (this.#faults[0] === 'rate-limit') {
          this.#faults.shift();
          return HttpResponse.json({ Error: { message: 'Number of requests exceeded the rate limit set' } }, { status: 400 });
        }
        const parsed = EtradePlaceRequestSchema.parse(body);
        return placeAnswer(this.fake.place(parsed, changes ? Number(params.id) : undefined), parsed);
      });
    const preview = (changes: boolean) =>
      data(async (_request, params, body) => {
        this.#contract(body, EtradePreviewRequestSchema, 'preview');
        if (this.#faults[0] === 'preview-timeout') {
          this.#faults.shift();
          await delay(faultDelayMs);
        }
        if (this.#faults[0] === 'xml-refusal') {
          this.#faults.shift();
          return new HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Error><code>1037</code><message>You do not have enough shares to sell.</message></Error>', { status: 400, headers: { 'content-type': 'application/xml' } });
        }
        const parsed = EtradePreviewRequestSchema.parse(body);
        const { previewId, body: order } = this.fake.preview(parsed, changes ? Number(params.id) : undefined);
        return HttpResponse.json({
          PreviewOrderResponse: {
            orderType: 'EQ',
            totalOrderValue: order.Instrument[0]!.quantity * (order.limitPrice ?? this.fake.quote(order.Instrument[0]!.Product.symbol).ask),
            totalCommission: 0,
            previewTime: this.clock.now(),
            accountId: ACCOUNT.accountId,
            Order: [{ ...order, estimatedCommission: 0, estimatedTotalAmount: 0, egQual: 'EG_QUAL_NOT_A_MARKET_ORDER' }],
            PreviewIds: [{ previewId, cashMargin: 'CASH' }],
          },
        });
      });

    return [
      http.get(`${h}/oauth/request_token`, async ({ request }) => {
        await this.#log(request);
        const refused = this.#verify(request, 'request');
        if (refused instanceof Response) return refused;
        this.tokens.request.issued = true;
        return form({ oauth_token: this.tokens.request.token, oauth_token_secret: this.tokens.request.secret, oauth_callback_confirmed: 'false' });
      }),
      http.get(`${h}/oauth/access_token`, async ({ request }) => {
        await this.#log(request);
        const refused = this.#verify(request, 'access');
        if (refused instanceof Response) return refused;
        this.tokens.request.issued = false;
        const now = this.clock.now();
        this.tokens.access.set('new-access', { secret: 'new-access-secret', lastUsedAt: now, expiresAt: now + 12 * 3_600_000, revoked: false });
        return form({ oauth_token: 'new-access', oauth_token_secret: 'new-access-secret' });
      }),
      http.get(`${h}/oauth/renew_access_token`, async ({ request }) => {
        await this.#log(request);
        const refused = this.#verify(request, 'renew');
        if (refused instanceof Response) return refused;
        this.renewals++;
        return new HttpResponse('Access Token has been renewed', { headers: { 'content-type': 'text/plain' } });
      }),
      http.get(`${h}/v1/accounts/list`, data(() => HttpResponse.json({
        AccountListResponse: {
          Accounts: {
            Account: [
              { accountId: ACCOUNT.accountId, accountIdKey: ACCOUNT.accountIdKey, accountMode: 'CASH', accountDesc: 'Brokerage', accountName: 'Main', accountType: 'INDIVIDUAL', institutionType: 'BROKERAGE', accountStatus: 'ACTIVE', closedDate: 0 },
              { accountId: OTHER_ACCOUNT.accountId, accountIdKey: OTHER_ACCOUNT.accountIdKey, accountMode: 'IRA', accountDesc: 'IRA', accountName: '', accountType: 'ROTHIRA', institutionType: 'BROKERAGE', accountStatus: 'ACTIVE', closedDate: 0 },
            ],
          },
        },
      }))),
      http.get(`${h}/v1/accounts/:key/balance`, data((request) => {
        const q = new URL(request.url).searchParams;
        if (q.get('instType') !== 'BROKERAGE') return HttpResponse.json({ Error: { code: 100, message: 'instType is required' } }, { status: 400 });
        const cash = this.fake.cash;
        return HttpResponse.json({
          BalanceResponse: {
            accountId: ACCOUNT.accountId, institutionType: 'BROKERAGE', asOfDate: Math.floor(this.clock.now() / 1000), accountType: 'INDIVIDUAL', accountMode: 'CASH', quoteMode: 1,
            Cash: { fundsForOpenOrdersCash: 0, moneyMktBalance: 0 },
            Computed: { cashAvailableForInvestment: cash, cashAvailableForWithdrawal: cash, netCash: cash, cashBalance: cash, cashBuyingPower: cash, accountBalance: this.fake.equity(), RealTimeValues: { totalAccountValue: this.fake.equity(), netMv: round2(this.fake.equity() - cash) } },
          },
        });
      })),
      http.get(`${h}/v1/accounts/:key/portfolio`, data(() => {
        if (this.fake.positions.size === 0) return new HttpResponse(null, { status: 204 });
        const Position = [...this.fake.positions].map(([symbol, p], i) => {
          const last = this.fake.quote(symbol).last;
          return {
            positionId: 1000 + i, symbolDescription: symbol, dateAcquired: this.clock.now(), pricePaid: p.cost, quantity: Math.abs(p.quantity), positionType: p.quantity > 0 ? 'LONG' : 'SHORT',
            costPerShare: p.cost, totalCost: round2(p.cost * Math.abs(p.quantity)), marketValue: round2(p.quantity * last), totalGain: round2((last - p.cost) * p.quantity),
            Product: { symbol, securityType: 'EQ' }, Quick: { lastTrade: last, change: 0, changePct: 0, volume: 1000, quoteStatus: 'DELAYED' },
          };
        });
        return HttpResponse.json({ PortfolioResponse: { AccountPortfolio: [{ accountId: ACCOUNT.accountId, totalPages: 1, Position }] } });
      })),
      http.get(`${h}/v1/market/quote/:symbols`, data((_request, params) => {
        const symbols = String(params.symbols).split(',');
        const QuoteData = symbols.map((symbol) => {
          const q = this.fake.quote(symbol.toUpperCase());
          return { dateTimeUTC: Math.floor(this.clock.now() / 1000), quoteStatus: 'DELAYED', ahFlag: 'false', Product: { symbol: symbol.toUpperCase(), securityType: 'EQ' }, All: { ask: q.ask, askSize: 100, bid: q.bid, bidSize: 200, lastTrade: q.last, totalVolume: 1000 } };
        });
        return HttpResponse.json({ QuoteResponse: { QuoteData } });
      })),
      http.get(`${h}/v1/accounts/:key/orders`, data((request) => {
        const q = new URL(request.url).searchParams;
        const count = Number(q.get('count') ?? 25);
        if (count > 100) return HttpResponse.json({ Error: { code: 1025, message: 'Invalid count' } }, { status: 400 });
        const symbols = q.get('symbol')?.split(',');
        const orders = [...this.fake.orders.values()].reverse().filter((o) => (!q.get('status') || o.status === q.get('status')) && (!symbols || symbols.includes(o.body.Instrument[0]!.Product.symbol)));
        if (orders.length === 0) return new HttpResponse(null, { status: 204 });
        return HttpResponse.json({ OrdersResponse: { Order: orders.slice(0, count).map((o) => this.fake.orderJson(o)) } });
      })),
      http.get(`${h}/v1/accounts/:key/orders/:id`, data((_request, params) => {
        const order = this.fake.orders.get(Number(params.id));
        if (!order) return HttpResponse.json({ Error: { code: 5002, message: 'Order not found for this account' } }, { status: 400 });
        return HttpResponse.json({ OrdersResponse: { Order: [this.fake.orderJson(order)] } });
      })),
      http.post(`${h}/v1/accounts/:key/orders/preview`, preview(false)),
      http.post(`${h}/v1/accounts/:key/orders/place`, place(false)),
      http.put(`${h}/v1/accounts/:key/orders/:id/change/preview`, preview(true)),
      http.put(`${h}/v1/accounts/:key/orders/:id/change/place`, place(true)),
      http.put(`${h}/v1/accounts/:key/orders/cancel`, data((_request, _params, body) => {
        this.#contract(body, EtradeCancelRequestSchema, 'cancel');
        const order = this.fake.cancel(EtradeCancelRequestSchema.parse(body).CancelOrderRequest.orderId);
        return HttpResponse.json({ CancelOrderResponse: { accountId: ACCOUNT.accountId, orderId: order.orderId, cancelTime: this.clock.now(), Messages: { Message: [{ description: `Your request to cancel your order ${order.orderId} is being processed.`, code: 5011, type: 'WARNING' }] } } });
      })),
    ];
  }
}

type EtradePlaceRequestBody = ReturnType<typeof EtradePlaceRequestSchema.parse>;
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The msw server for one test file; after each test, unhandled requests and violations fail it. */
export function mockNetwork(): MockedBrokerNetwork<FakeNetwork> {
  return mockBrokerNetwork<FakeNetwork>({ violations: (n) => n.violations, violationsLabel: 'OAuth and contract violations' });
}

/**
 * A fetch that refuses any host but the fakes' and loopback, so even a handler mistake cannot send
 * a request (with the canary credentials) anywhere real.
 */
export const guardedFetch = createGuardedFetch(['.etrade.test']);
