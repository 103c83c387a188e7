import { EventEmitter } from 'eventemitter3';
import { z } from 'zod';
import {
  generateClientOrderId,
  NotFoundError,
  type AccountInfo,
  type BrokerAdapter,
  type BrokerEvents,
  type Capabilities,
  type Logger,
  type Order,
  type OrderFilter,
  type OrderReplace,
  type ParsedOrderRequest,
  type PluginContext,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { alpacaCapabilities } from './capabilities.ts';
import { alpacaEndpoints, type AlpacaConfig, type AlpacaEndpoints } from './config.ts';
import type { AlpacaHttp } from './http/client.ts';
import { toCoreAccount } from './map/account.ts';
import { toCoreOrder } from './map/order.ts';
import { positionPath, toCorePosition } from './map/position.ts';
import { toCoreQuote } from './map/quote.ts';
import { fromTradeUpdate } from './map/trade-update.ts';
import { OrderTracker } from './order-tracker.ts';
import { closeAlpacaPosition, type ClosePositionOptions } from './orders/close-position.ts';
import { alpacaOrderId } from './orders/order-id.ts';
import { listAlpacaOrders } from './orders/paging.ts';
import { replaceAlpacaOrder, submitAlpacaOrder, type OrderEntry } from './orders/submit.ts';
import { reconcileAfterDrop } from './reconcile.ts';
import { AlpacaAccountSchema } from './schemas/account.ts';
import { AlpacaLatestQuoteSchema, AlpacaLatestTradeSchema } from './schemas/market-data.ts';
import { AlpacaOrderSchema } from './schemas/order.ts';
import { AlpacaPositionListSchema, AlpacaPositionSchema } from './schemas/position.ts';
import { AlpacaSession } from './session.ts';
import type { StreamState } from './stream.ts';
import type { AlpacaTuning } from './tuning.ts';

/** A cancel is answered with 204 and no body. */
const NO_BODY = z.unknown();

/**
 * Alpaca (Trading API v2, Market Data API v2, `trade_updates` stream) as a core `BrokerAdapter`.
 * It takes trusted input: get it through `alpacaPlugin` and the registry, or wrap it in
 * `withValidation`, which parses every input and checks capabilities before it is called.
 *
 * - Paper unless the config says `paper: false`.
 * - Alpaca's own rules (price increments, advanced-order limits) are checked before any request;
 *   order ids must be UUIDs (`OrderNotFoundError` otherwise, nothing sent).
 * - Orders go through core's `submitWithRecovery`: a lost answer is looked up by client order id,
 *   never resent; a "client_order_id must be unique" answer is proof the order landed; a 429 is
 *   resent (after the wait Alpaca asks for) with the same client order id.
 * - Order state changes only through core's `applyOrderUpdate` (the `OrderTracker`); `order` and
 *   `fill` events come from the stream, and after a reconnect from reconciliation, each fill once.
 *
 * @example
 * ```ts
 * const adapter = new AlpacaBroker(AlpacaConfigSchema.parse({ apiKey, secretKey }), { name: 'alpaca-main', logger, clock: systemClock })
 * const alpaca = withValidation(adapter)
 * await alpaca.connect()
 * alpaca.events.on('fill', (fill) => console.log(fill.symbol, fill.quantity, fill.price))
 * await alpaca.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 150 })
 * await adapter.closePosition('AAPL', { percentage: 50 })
 * ```
 */
export class AlpacaBroker implements BrokerAdapter {
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
  readonly #session: AlpacaSession;

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
    this.#session = new AlpacaSession({
      config, ctx, tuning, endpoints: this.endpoints, logger: this.#log, events: this.events,
      checkKeys: (http) => this.#account(http),
      onUpdate: (update) => {
        const mapped = fromTradeUpdate(update, this.#tracker.parentOf(update.order.id));
        this.#tracker.event(mapped.order, mapped.update, mapped.execution);
      },
      reconcile: (downSince) =>
        reconcileAfterDrop({
          tracker: this.#tracker,
          list: async (filter) => listAlpacaOrders(await this.#session.http(), filter),
          getOrder: (id) => this.getOrder(id),
          connected: () => this.#session.connected,
          onError: (error) => this.events.emit('error', error),
        }, downSince),
    });
  }

  get connected(): boolean {
    return this.#session.connected;
  }

  /** Where the trade_updates stream is: `idle` before connect or with streaming off. */
  get streamState(): StreamState {
    return this.#session.streamState;
  }

  /**
   * Checks the credentials (reads the account) and, with streaming on, opens the trade_updates
   * stream. Rejects with `AuthenticationError` for refused or missing keys.
   */
  connect(): Promise<void> {
    return this.#session.connect();
  }

  disconnect(): Promise<void> {
    return this.#session.disconnect();
  }

  async getAccount(): Promise<AccountInfo> {
    return this.#account(await this.#session.http());
  }

  async getPositions(): Promise<Position[]> {
    const http = await this.#session.http();
    const { data } = await http.trading.get('/v2/positions', { schema: AlpacaPositionListSchema });
    return data.map(toCorePosition);
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    const http = await this.#session.http();
    try {
      const { data } = await http.trading.get(positionPath(symbol), { schema: AlpacaPositionSchema });
      return toCorePosition(data);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Closes a position (`DELETE /v2/positions/{symbol}`): all of it, `quantity` shares, or
   * `percentage` percent. Resolves with the closing order. Alpaca-only, so it parses its own input
   * (`InvalidOrderError`, nothing sent). Never retried: a lost answer is a `ConnectionError` with
   * outcome `unknown` (check the position before trying again).
   *
   * @example
   * ```ts
   * await alpaca.closePosition('AAPL', { percentage: 50 })
   * ```
   */
  async closePosition(symbol: string, options: ClosePositionOptions = {}): Promise<Order> {
    const http = await this.#session.http();
    return this.#follow(await closeAlpacaPosition(http, symbol, options));
  }

  async submitOrder(req: ParsedOrderRequest): Promise<Order> {
    return this.#follow(await submitAlpacaOrder(await this.#entry(), req));
  }

  async cancelOrder(id: string): Promise<void> {
    const orderId = alpacaOrderId(id);
    const http = await this.#session.http();
    await http.trading.delete(`/v2/orders/${orderId}`, { schema: NO_BODY });
  }

  async replaceOrder(id: string, changes: OrderReplace): Promise<Order> {
    const orderId = alpacaOrderId(id);
    const clientOrderId = changes.clientOrderId ?? generateClientOrderId(this.capabilities.clientOrderId);
    // A trailing stop's body names one trail field: the other comes from the order as it is.
    const trails = changes.trailPrice !== undefined || changes.trailPercent !== undefined;
    const current = this.#tracker.get(orderId) ?? (trails ? await this.getOrder(orderId) : undefined);
    return this.#follow(await replaceAlpacaOrder(await this.#entry(), orderId, changes, clientOrderId, current));
  }

  async getOrder(id: string): Promise<Order> {
    const orderId = alpacaOrderId(id);
    const http = await this.#session.http();
    const { data } = await http.trading.get(`/v2/orders/${orderId}`, { query: { nested: true }, schema: AlpacaOrderSchema });
    return toCoreOrder(data, this.#tracker.parentOf(orderId));
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    // Longer than Alpaca allows: no order can have it, and it need not be sent.
    if (clientOrderId.length > this.capabilities.clientOrderId.maxLength) return undefined;
    const http = await this.#session.http();
    try {
      const { data } = await http.trading.get('/v2/orders:by_client_order_id', { query: { client_order_id: clientOrderId }, schema: AlpacaOrderSchema });
      return toCoreOrder(data, this.#tracker.parentOf(data.id));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async listOrders(filter: OrderFilter): Promise<Order[]> {
    const raw = await listAlpacaOrders(await this.#session.http(), filter);
    return raw.map((o) => toCoreOrder(o));
  }

  async getQuote(symbol: string): Promise<Quote> {
    const http = await this.#session.http();
    const query = { feed: this.#config.feed };
    const path = `/v2/stocks/${encodeURIComponent(symbol)}`;
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

  async #account(http: AlpacaHttp): Promise<AccountInfo> {
    const { data } = await http.trading.get('/v2/account', { schema: AlpacaAccountSchema });
    return toCoreAccount(data, this.paper);
  }

  async #entry(): Promise<OrderEntry> {
    return { http: await this.#session.http(), tuning: this.#tuning, clock: this.#ctx.clock, logger: this.#log };
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
}
