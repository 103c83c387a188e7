import { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import {
  assertSupported,
  BrokerError,
  BrokerProtocolError,
  ConnectionError,
  formatIssues,
  generateClientOrderId,
  InvalidOrderError,
  isBrokerError,
  NotFoundError,
  OrderFilterSchema,
  OrderNotFoundError,
  OrderReplaceSchema,
  parseOrderRequest,
  RateLimitError,
  resolveUnknownOutcome,
  symbolSchema,
  UnknownOutcomeError,
  type AccountInfo,
  type Broker,
  type BrokerEvents,
  type Capabilities,
  type HttpResult,
  type HttpRetryOptions,
  type Logger,
  type Order,
  type OrderFilterInput,
  type OrderReplaceInput,
  type OrderRequest,
  type OrderRequestInput,
  type PluginContext,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { alpacaCapabilities, ALPACA_PRECISION, assertAlpacaRules } from './capabilities.ts';
import { alpacaEndpoints, type AlpacaConfig, type AlpacaEndpoints } from './config.ts';
import { resolveAlpacaKeys, type AlpacaKeys } from './credentials.ts';
import { createAlpacaHttp, type AlpacaHttp } from './http/client.ts';
import { isDuplicateClientOrderId } from './http/error-map.ts';
import { toCoreAccount } from './map/account.ts';
import { toDecimalString } from './map/decimal.ts';
import { toAlpacaOrderBody, toAlpacaReplaceBody } from './map/order-body.ts';
import { ALPACA_ORDER_PAGE, toAlpacaOrderQuery } from './map/order-filter.ts';
import { toCoreOrder } from './map/order.ts';
import { toCorePosition } from './map/position.ts';
import { toCoreQuote } from './map/quote.ts';
import { fromTradeUpdate } from './map/trade-update.ts';
import { OrderTracker } from './order-tracker.ts';
import { AlpacaAccountSchema } from './schemas/account.ts';
import { AlpacaLatestQuoteSchema, AlpacaLatestTradeSchema } from './schemas/market-data.ts';
import type { AlpacaOrder } from './schemas/order.ts';
import { AlpacaOrderAnswerListSchema, AlpacaOrderAnswerSchema } from './schemas/order-answer.ts';
import { AlpacaPositionListSchema, AlpacaPositionSchema } from './schemas/position.ts';
import { TradeUpdatesStream, type ReconnectOptions, type StreamState, type WebSocketFactory } from './stream.ts';

/**
 * Knobs below the configuration: timings and injection points for tests, proxies and benches.
 * Every field has a production default.
 */
export interface AlpacaTuning {
  /** WebSocket constructor for the stream. Default: the runtime's global `WebSocket`. */
  WebSocket?: WebSocketFactory;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Retries of reads (GET, DELETE of an order). Default: core's (3 retries, 250 ms base). */
  retry?: HttpRetryOptions;
  /** Stream reconnect backoff. Default 500 ms base, 30 s cap. */
  reconnect?: ReconnectOptions;
  /** Time to open, authenticate and listen on the stream. Default: the config's `timeoutMs`. */
  handshakeTimeoutMs?: number;
  /** Lookups by client order id after a lost answer. Default 5 lookups, 250 ms first wait, doubling. */
  lookup?: { attempts: number; delayMs: number };
  /**
   * Resends of an order Alpaca refused with 429 (it was not accepted, and the same client order id
   * makes a resend safe). Default 3 resends, 1 s backoff when no reset header says how long, at
   * most 60 s of waiting per resend.
   */
  rateLimitRetry?: { attempts: number; backoffMs: number; maxWaitMs: number };
}

/** How to close a position: all of it (default), a quantity, or a percentage. */
export type ClosePositionOptions = { quantity?: number; percentage?: undefined } | { percentage: number; quantity?: undefined };

interface Session {
  keys: AlpacaKeys;
  http: AlpacaHttp;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Orders submitted this long before a stream drop are read back after it, for clock skew. */
const RECONCILE_MARGIN_MS = 60_000;
const NOTHING = z.unknown();

const DEFAULTS = {
  reconnect: { baseDelayMs: 500, maxDelayMs: 30_000 },
  lookup: { attempts: 5, delayMs: 250 },
  rateLimitRetry: { attempts: 3, backoffMs: 1000, maxWaitMs: 60_000 },
} as const;

/** Whether a found order is the one a request describes (a reused client order id is not). */
type OrderMatch = (order: Order) => boolean;

/**
 * Alpaca (Trading API v2, Market Data API v2, `trade_updates` stream) behind the core `Broker`
 * interface. Build it through `alpacaPlugin` (the registry validates the config first), or
 * directly with a parsed config.
 *
 * - Paper unless the config says `paper: false`.
 * - Every input is parsed and checked against the capabilities and Alpaca's rules before any
 *   request (`InvalidOrderError` / `NotSupportedError`, outcome denied).
 * - An order whose answer is lost is looked up by client order id, never resent blindly; a
 *   "client_order_id must be unique" answer is read as proof the first one landed. A 429 is
 *   resent (after the wait Alpaca asks for) with the same client order id.
 * - Order state changes only through core's `applyOrderUpdate`; `order` and `fill` events come
 *   from the stream, and after a reconnect from reconciliation, each fill once.
 *
 * @example
 * ```ts
 * const alpaca = new AlpacaBroker(AlpacaConfigSchema.parse({ apiKey, secretKey }), { name: 'alpaca-main', logger, clock: systemClock })
 * await alpaca.connect()
 * alpaca.events.on('fill', (fill) => console.log(fill.symbol, fill.quantity, fill.price))
 * await alpaca.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 150 })
 * ```
 */
export class AlpacaBroker implements Broker {
  readonly type = 'alpaca';
  readonly name: string;
  readonly capabilities: Capabilities;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  /** True on the paper environment. */
  readonly paper: boolean;
  /** The hosts this instance talks to. */
  readonly endpoints: AlpacaEndpoints;
  readonly #config: AlpacaConfig;
  readonly #ctx: PluginContext;
  readonly #tuning: AlpacaTuning;
  readonly #log: Logger;
  readonly #tracker: OrderTracker;
  #session: Promise<Session> | undefined;
  #stream: TradeUpdatesStream | undefined;
  #connected = false;
  #connecting: Promise<void> | undefined;
  #reconciling: Promise<void> | undefined;

  constructor(config: AlpacaConfig, ctx: PluginContext, tuning: AlpacaTuning = {}) {
    this.#config = config;
    this.#ctx = ctx;
    this.#tuning = tuning;
    this.name = ctx.name;
    this.paper = config.paper;
    this.endpoints = alpacaEndpoints(config);
    this.capabilities = alpacaCapabilities(config.streaming);
    this.#log = ctx.logger.child({ broker: 'alpaca', name: ctx.name });
    this.#tracker = new OrderTracker(
      {
        order: (order) => this.events.emit('order', order),
        fill: (fill) => this.events.emit('fill', fill),
        error: (error) => this.events.emit('error', error),
      },
      this.#log,
    );
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Where the trade_updates stream is: `idle` before connect or with streaming off. */
  get streamState(): StreamState {
    return this.#stream?.state ?? 'idle';
  }

  /**
   * Checks the credentials (reads the account) and, with streaming on, opens the trade_updates
   * stream. Rejects with `AuthenticationError` for refused or missing keys.
   */
  connect(): Promise<void> {
    if (this.#connected) return Promise.resolve();
    // Two callers connecting at once share one attempt (one stream, one account check).
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const { keys } = await this.#open();
    await this.getAccount();
    if (this.#config.streaming) {
      const stream = this.#createStream(keys);
      try {
        await stream.start();
      } catch (error) {
        await stream.stop();
        throw error;
      }
      this.#stream = stream;
    }
    this.#connected = true;
    this.events.emit('connected');
  }

  async disconnect(): Promise<void> {
    const wasConnected = this.#connected;
    this.#connected = false;
    await this.#stream?.stop();
    // A reconciliation under way stops at its next step; wait for it, at most one request timeout.
    if (this.#reconciling) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.#reconciling, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#config.timeoutMs)))]);
      clearTimeout(timer);
    }
    if (!wasConnected) return;
    this.events.emit('disconnected', 'client disconnect');
  }

  async getAccount(): Promise<AccountInfo> {
    const { http } = await this.#open();
    const { data } = await http.trading.get('/v2/account', { schema: AlpacaAccountSchema });
    return toCoreAccount(data, this.paper);
  }

  async getPositions(): Promise<Position[]> {
    const { http } = await this.#open();
    const { data } = await http.trading.get('/v2/positions', { schema: AlpacaPositionListSchema });
    return data.map(toCorePosition);
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    const path = `/v2/positions/${positionPathSymbol(parseSymbol(symbol))}`;
    const { http } = await this.#open();
    try {
      const { data } = await http.trading.get(path, { schema: AlpacaPositionSchema });
      return toCorePosition(data);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Closes a position (`DELETE /v2/positions/{symbol}`): all of it, `quantity` shares, or
   * `percentage` percent. Resolves with the closing order. Never retried: a lost answer is a
   * `ConnectionError` with outcome `unknown` (check the position before trying again).
   *
   * @example
   * ```ts
   * await alpaca.closePosition('AAPL', { percentage: 50 })
   * ```
   */
  async closePosition(symbol: string, options: ClosePositionOptions = {}): Promise<Order> {
    const sym = parseSymbol(symbol);
    const query = closeQuery(options);
    const { http } = await this.#open();
    let result: HttpResult<AlpacaOrder>;
    try {
      result = await http.trading.delete(`/v2/positions/${positionPathSymbol(sym)}`, { query, schema: AlpacaOrderAnswerSchema, idempotent: false });
    } catch (error) {
      const lost = error instanceof ConnectionError || (isBrokerError(error) && (error.status ?? 0) >= 500) || error instanceof BrokerProtocolError;
      if (!lost) throw error;
      throw new ConnectionError(`alpaca: closing ${sym} may have placed an order; the answer was lost. Check getPosition and listOrders before trying again`, {
        broker: 'alpaca', outcome: 'unknown', retryable: false, cause: error,
      });
    }
    return this.#follow(toCoreOrder(result.data));
  }

  async submitOrder(input: OrderRequestInput): Promise<Order> {
    const req = parseOrderRequest(input, { broker: 'alpaca', clientOrderId: this.capabilities.clientOrderId });
    assertSupported(req, this.capabilities, 'alpaca');
    assertAlpacaRules(req);
    const body = toAlpacaOrderBody(req);
    const { http } = await this.#open();
    return this.#placeOrder(
      () => http.trading.submitOrder('POST', '/v2/orders', { json: body, schema: AlpacaOrderAnswerSchema, clientOrderId: req.clientOrderId }),
      req.clientOrderId,
      describesRequest(req),
    );
  }

  async cancelOrder(id: string): Promise<void> {
    const orderId = parseOrderId(id);
    const { http } = await this.#open();
    await http.trading.delete(`/v2/orders/${orderId}`, { schema: NOTHING });
  }

  async replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> {
    const parsed = OrderReplaceSchema.safeParse(changes, { reportInput: true });
    if (!parsed.success) {
      const first = formatIssues(parsed.error)[0] ?? { field: '(root)', message: 'is not valid' };
      throw new InvalidOrderError(`Invalid replace: ${first.field}: ${first.message}`, { field: first.field, broker: 'alpaca', outcome: 'denied' });
    }
    const orderId = parseOrderId(id);
    const replace = parsed.data;
    const clientOrderId = replace.clientOrderId ?? generateClientOrderId(this.capabilities.clientOrderId);
    const trails = replace.trailPrice !== undefined || replace.trailPercent !== undefined;
    const current = this.#tracker.get(orderId) ?? (trails ? await this.getOrder(orderId) : undefined);
    const body = toAlpacaReplaceBody(replace, clientOrderId, current);
    const { http } = await this.#open();
    return this.#placeOrder(
      () => http.trading.submitOrder('PATCH', `/v2/orders/${orderId}`, { json: body, schema: AlpacaOrderAnswerSchema, clientOrderId }),
      clientOrderId,
      (order) => order.replaces === orderId,
    );
  }

  async getOrder(id: string): Promise<Order> {
    const orderId = parseOrderId(id);
    const { http } = await this.#open();
    const { data } = await http.trading.get(`/v2/orders/${orderId}`, { query: { nested: true }, schema: AlpacaOrderAnswerSchema });
    return toCoreOrder(data, this.#tracker.parentOf(orderId));
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    if (typeof clientOrderId !== 'string' || clientOrderId === '' || clientOrderId.length > this.capabilities.clientOrderId.maxLength) return undefined;
    const { http } = await this.#open();
    try {
      const { data } = await http.trading.get('/v2/orders:by_client_order_id', { query: { client_order_id: clientOrderId }, schema: AlpacaOrderAnswerSchema });
      return toCoreOrder(data, this.#tracker.parentOf(data.id));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async listOrders(filter?: OrderFilterInput): Promise<Order[]> {
    const parsed = OrderFilterSchema.safeParse(filter ?? {}, { reportInput: true });
    if (!parsed.success) {
      const first = formatIssues(parsed.error)[0] ?? { field: '(root)', message: 'is not valid' };
      throw new InvalidOrderError(`Invalid order filter: ${first.field}: ${first.message}`, { field: first.field, broker: 'alpaca', outcome: 'denied' });
    }
    const raw = await this.#listRaw(parsed.data);
    return raw.map((o) => toCoreOrder(o));
  }

  async getQuote(symbol: string): Promise<Quote> {
    const sym = parseSymbol(symbol);
    const { http } = await this.#open();
    const query = { feed: this.#config.feed };
    const path = `/v2/stocks/${encodeURIComponent(sym)}`;
    const [quote, trade] = await Promise.all([
      http.data.get(`${path}/quotes/latest`, { query, schema: AlpacaLatestQuoteSchema }),
      http.data.get(`${path}/trades/latest`, { query, schema: AlpacaLatestTradeSchema }).catch((error: unknown) => {
        // A symbol without trades on the feed still has a quote.
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
    ]);
    return toCoreQuote(quote.data, trade?.data);
  }

  /**
   * An order this process placed: followed by the tracker when the stream can update it (its
   * answer may be older than what the stream already said); with streaming off there is nothing
   * to follow it with, so it is only announced.
   */
  #follow(order: Order): Order {
    if (this.#config.streaming) return this.#tracker.report(order);
    this.events.emit('order', order);
    return order;
  }

  /** The key pair and HTTP clients, made once (and again after a failure to read the keys). */
  #open(): Promise<Session> {
    if (!this.#session) {
      const pending = (async (): Promise<Session> => {
        const keys = await resolveAlpacaKeys(this.#config, this.name, this.#ctx.credentials);
        const http = createAlpacaHttp({
          endpoints: this.endpoints,
          keys,
          rateLimitPerMinute: this.#config.rateLimitPerMinute,
          timeoutMs: this.#config.timeoutMs,
          clock: this.#ctx.clock,
          logger: this.#log,
          fetch: this.#ctx.fetch,
          retry: this.#tuning.retry,
          random: this.#tuning.random,
        });
        return { keys, http };
      })();
      this.#session = pending;
      pending.catch(() => {
        if (this.#session === pending) this.#session = undefined;
      });
    }
    return this.#session;
  }

  /**
   * Sends an order (new or replace) and settles every answer: the order, or a lost answer
   * resolved by lookup, or a duplicate-id answer resolved by lookup, or a 429 resent after the
   * wait; anything else is thrown as the broker said it.
   */
  async #placeOrder(send: () => Promise<HttpResult<AlpacaOrder>>, clientOrderId: string, matches: OrderMatch): Promise<Order> {
    const policy = this.#tuning.rateLimitRetry ?? DEFAULTS.rateLimitRetry;
    for (let attempt = 1; ; attempt++) {
      try {
        const { data } = await send();
        return this.#follow(toCoreOrder(data));
      } catch (error) {
        if (error instanceof UnknownOutcomeError) return this.#lookUpLost(clientOrderId, matches, error);
        if (!isBrokerError(error)) throw error;
        if (isDuplicateClientOrderId(error)) return this.#lookUpDuplicate(clientOrderId, matches, error);
        if (error instanceof RateLimitError && attempt <= policy.attempts) {
          const random = this.#tuning.random ?? Math.random;
          const wait = error.retryAfterMs ?? Math.round(policy.backoffMs * 2 ** (attempt - 1) * (0.5 + random() / 2));
          if (wait <= policy.maxWaitMs) {
            this.#log.warn('order rate limited, resending after the wait', { clientOrderId, waitMs: wait, attempt });
            await this.#ctx.clock.sleep(wait);
            continue;
          }
        }
        throw error;
      }
    }
  }

  async #lookUpLost(clientOrderId: string, matches: OrderMatch, cause: UnknownOutcomeError): Promise<Order> {
    const lookup = this.#tuning.lookup ?? DEFAULTS.lookup;
    this.#log.warn('order answer lost, looking it up', { clientOrderId });
    const found = await resolveUnknownOutcome(clientOrderId, (id) => this.findOrderByClientId(id), {
      attempts: lookup.attempts, delayMs: lookup.delayMs, clock: this.#ctx.clock, broker: 'alpaca', cause,
    });
    return this.#adopt(found, clientOrderId, matches);
  }

  async #lookUpDuplicate(clientOrderId: string, matches: OrderMatch, cause: BrokerError): Promise<Order> {
    this.#log.warn('client order id already used: the order landed before, looking it up', { clientOrderId });
    const lookup = this.#tuning.lookup ?? DEFAULTS.lookup;
    const found = await resolveUnknownOutcome(clientOrderId, (id) => this.findOrderByClientId(id), {
      attempts: lookup.attempts, delayMs: 0, clock: this.#ctx.clock, broker: 'alpaca', cause,
    });
    return this.#adopt(found, clientOrderId, matches);
  }

  /** Takes a looked-up order as this submission's, unless it is another order under a reused id. */
  #adopt(found: Order, clientOrderId: string, matches: OrderMatch): Order {
    if (!matches(found)) {
      throw new InvalidOrderError(
        `alpaca: client order id ${clientOrderId} already belongs to order ${found.id} (${found.side} ${found.symbol} ${found.type}), which is not this order; nothing was placed`,
        { field: 'clientOrderId', broker: 'alpaca', outcome: 'rejected' },
      );
    }
    return this.#follow(found);
  }

  async #listRaw(filter: ReturnType<typeof OrderFilterSchema.parse>): Promise<AlpacaOrder[]> {
    const { http } = await this.#open();
    const wanted = filter.limit ?? ALPACA_ORDER_PAGE;
    const out: AlpacaOrder[] = [];
    const seen = new Set<string>();
    let until: string | undefined;
    while (out.length < wanted) {
      const limit = Math.min(ALPACA_ORDER_PAGE, wanted - out.length);
      const { data } = await http.trading.get('/v2/orders', { query: toAlpacaOrderQuery(filter, limit, until), schema: AlpacaOrderAnswerListSchema });
      for (const order of data) {
        if (seen.has(order.id)) continue;
        seen.add(order.id);
        out.push(order);
      }
      const oldest = data.at(-1);
      if (data.length < limit || !oldest?.submitted_at || oldest.submitted_at === until) break;
      until = oldest.submitted_at;
    }
    return out;
  }

  #createStream(keys: AlpacaKeys): TradeUpdatesStream {
    return new TradeUpdatesStream({
      url: this.endpoints.stream,
      keys,
      clock: this.#ctx.clock,
      logger: this.#log,
      handshakeTimeoutMs: this.#tuning.handshakeTimeoutMs ?? this.#config.timeoutMs,
      reconnect: this.#tuning.reconnect ?? DEFAULTS.reconnect,
      random: this.#tuning.random ?? Math.random,
      WebSocket: this.#tuning.WebSocket,
      onUpdate: (update) => {
        const mapped = fromTradeUpdate(update, this.#tracker.parentOf(update.order.id));
        this.#tracker.event(mapped.order, mapped.update, mapped.execution);
      },
      onDown: (reason) => this.events.emit('disconnected', `trade_updates stream ${reason}; reconnecting`),
      onBack: async (downSince) => {
        const run = this.#reconcile(downSince);
        this.#reconciling = run.catch(() => {});
        await run;
        if (this.#connected) this.events.emit('connected');
      },
      onError: (error) => this.events.emit('error', error),
    });
  }

  /**
   * After the stream was down: reads back what was working (one list of open orders, then by id
   * each followed order that is no longer in it) and every order submitted since shortly before
   * the drop, and applies them as snapshots. What filled meanwhile is emitted as fills once; what
   * the stream already showed changes nothing.
   */
  async #reconcile(downSince: number): Promise<void> {
    const open = await this.#listRaw(OrderFilterSchema.parse({ status: 'open', limit: 10_000 }));
    if (!this.#connected) return;
    const seen = new Set<string>();
    for (const raw of open) {
      seen.add(raw.id);
      for (const leg of raw.legs ?? []) seen.add(leg.id);
      this.#tracker.report(toCoreOrder(raw));
    }
    for (const id of this.#tracker.openIds()) {
      if (!this.#connected) return;
      if (seen.has(id)) continue;
      try {
        this.#tracker.report(await this.getOrder(id));
      } catch (error) {
        if (error instanceof OrderNotFoundError) continue;
        this.events.emit('error', isBrokerError(error) ? error : new BrokerError(`alpaca: could not read back order ${id}`, { broker: 'alpaca', cause: error }));
      }
    }
    if (!this.#connected) return;
    const after = new Date(downSince - RECONCILE_MARGIN_MS).toISOString();
    const recent = await this.#listRaw(OrderFilterSchema.parse({ status: 'all', after }));
    if (!this.#connected) return;
    for (const raw of recent) this.#tracker.report(toCoreOrder(raw));
  }
}

/** A symbol parsed as the core does; `InvalidOrderError` naming `symbol` otherwise, before any request. */
function parseSymbol(symbol: unknown): string {
  const parsed = symbolSchema.safeParse(symbol, { reportInput: true });
  if (parsed.success) return parsed.data;
  const first = formatIssues(parsed.error)[0];
  throw new InvalidOrderError(`Invalid symbol: ${first?.message ?? 'is not valid'}`, { field: 'symbol', broker: 'alpaca', outcome: 'denied' });
}

/** Alpaca order ids are UUIDs: anything else names no order (and never reaches a URL path). */
function parseOrderId(id: unknown): string {
  if (typeof id === 'string' && UUID.test(id)) return id.toLowerCase();
  const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : typeof id;
  throw new OrderNotFoundError(`alpaca: no order has id ${shown} (Alpaca order ids are UUIDs)`, { broker: 'alpaca' });
}

/** Crypto pairs are written `BTC/USD`; position paths take `BTCUSD`. */
function positionPathSymbol(symbol: string): string {
  return encodeURIComponent(symbol.replace('/', ''));
}

function closeQuery(options: ClosePositionOptions): Record<string, string | undefined> {
  const { quantity, percentage } = options;
  if (quantity !== undefined && percentage !== undefined) {
    throw new InvalidOrderError('Invalid close: percentage: cannot be given together with quantity', { field: 'percentage', broker: 'alpaca', outcome: 'denied' });
  }
  if (quantity !== undefined) {
    if (!(typeof quantity === 'number' && Number.isFinite(quantity) && quantity > 0)) {
      throw new InvalidOrderError(`Invalid close: quantity: must be greater than 0, got ${String(quantity)}`, { field: 'quantity', broker: 'alpaca', outcome: 'denied' });
    }
    return { qty: toDecimalString(quantity, 'quantity', ALPACA_PRECISION.quantity) };
  }
  if (percentage !== undefined) {
    if (!(typeof percentage === 'number' && Number.isFinite(percentage) && percentage > 0 && percentage <= 100)) {
      throw new InvalidOrderError(`Invalid close: percentage: must be above 0 and at most 100, got ${String(percentage)}`, { field: 'percentage', broker: 'alpaca', outcome: 'denied' });
    }
    return { percentage: toDecimalString(percentage, 'percentage', 9) };
  }
  return {};
}

/** The order a request describes: same symbol, side, type and size. */
function describesRequest(req: OrderRequest): OrderMatch {
  return (order) =>
    order.symbol.toUpperCase() === req.symbol &&
    order.side === req.side &&
    order.type === req.type &&
    (req.quantity === undefined || order.quantity === undefined || Math.abs(order.quantity - req.quantity) < 1e-9) &&
    (req.notional === undefined || order.notional === undefined || Math.abs(order.notional - req.notional) < 1e-9);
}
