import { EventEmitter } from 'eventemitter3';
import {
  generateClientOrderId,
  NotFoundError,
  OrderNotFoundError,
  orderMatchesFilter,
  type AccountInfo,
  type BrokerAdapter,
  type BrokerEvents,
  type Capabilities,
  type Logger,
  type Order,
  type OrderFilter,
  type OrderReplace,
  type OrderRequest,
  type ParsedOrderRequest,
  type PluginContext,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { ETRADE_CAPABILITIES } from './capabilities.ts';
import { etradeEndpoints, type EtradeConfig, type EtradeEndpoints } from './config.ts';
import { ETRADE_JSON_HEADERS } from './http/client.ts';
import { toCoreAccount } from './map/account.ts';
import { changedRequest } from './map/order-body.ts';
import { toCoreOrder } from './map/order.ts';
import { toOrderQuery } from './map/order-filter.ts';
import { toCorePosition } from './map/position.ts';
import { toCoreQuote } from './map/quote.ts';
import { etradeClientOrderId } from './orders/client-order-id.ts';
import { findPlaced, lookUpPlaced, readOrders } from './orders/lookup.ts';
import { PlacedLog, placedLogPath } from './orders/placed-log.ts';
import { etradeOrderId } from './orders/order-id.ts';
import { changeEtradeOrder, placeEtradeOrder, previewEtradeOrder, type EtradePreview, type OrderEntry } from './orders/submit.ts';
import { EtradeBalanceSchema } from './schemas/account.ts';
import { EtradeCancelResponseSchema, EtradeOrdersResponseSchema, type EtradeOrder } from './schemas/order.ts';
import { EtradePortfolioSchema } from './schemas/portfolio.ts';
import { EtradeQuoteResponseSchema } from './schemas/quote.ts';
import { EtradeSession } from './session.ts';
import type { EtradeTuning } from './tuning.ts';

/** Pages read at most for one order list or portfolio (a bound, not an expected size). */
const MAX_PAGES = 20;

/**
 * E*TRADE (v1 REST, OAuth 1.0a) as a core `BrokerAdapter`. It takes trusted input: get it through
 * `etradePlugin` and the registry, or wrap it in `withValidation`.
 *
 * - The sandbox unless the config says `paper: false`.
 * - Every request is signed with the access token of the stored login (renewed after 2 hours
 *   idle; `ReauthRequiredError` naming `invest auth login NAME` after midnight US/Eastern).
 * - Orders are previewed, then placed with the preview's id and exactly the previewed fields;
 *   `previewOrder` is the dry run. The place goes through core's `submitWithRecovery`.
 * - E*TRADE does not echo client order ids: each place is recorded in the placed log (the invest
 *   home's `state.db`) before it is sent, and a lost place answer is resolved through the preview
 *   id the order carries.
 *
 * @example
 * ```ts
 * const adapter = new EtradeBroker(EtradeConfigSchema.parse({ consumerKey, consumerSecret }), { name: 'etrade-main', logger, clock: systemClock, credentials })
 * const etrade = withValidation(adapter)
 * await etrade.connect()
 * await etrade.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 150 })
 * ```
 */
export class EtradeBroker implements BrokerAdapter {
  readonly type = 'etrade';
  readonly name: string;
  readonly capabilities: Capabilities = ETRADE_CAPABILITIES;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  /** True on the sandbox. */
  readonly paper: boolean;
  readonly endpoints: EtradeEndpoints;
  readonly #ctx: PluginContext;
  readonly #tuning: EtradeTuning;
  readonly #log: Logger;
  readonly #session: EtradeSession;
  /** What this home placed, for lookups from another process (E*TRADE does not echo client order ids). */
  readonly #placed: PlacedLog;
  #connected = false;

  constructor(config: EtradeConfig, ctx: PluginContext, tuning: EtradeTuning = {}) {
    this.#ctx = ctx;
    this.#tuning = tuning;
    this.name = ctx.name;
    this.paper = config.paper;
    this.endpoints = etradeEndpoints(config);
    this.#log = ctx.logger.child({ broker: 'etrade', name: ctx.name });
    this.#session = new EtradeSession({ config, ctx, endpoints: this.endpoints, tuning, logger: this.#log });
    this.#placed = new PlacedLog(placedLogPath(ctx.home), ctx.name);
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Reads the account list (proving the login) and picks the configured account. */
  async connect(): Promise<void> {
    if (this.#connected) return;
    await this.#session.link();
    this.#connected = true;
    this.events.emit('connected');
  }

  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    this.#placed.close();
    this.events.emit('disconnected', 'client disconnect');
  }

  async getAccount(): Promise<AccountInfo> {
    const { http, accountPath } = await this.#session.link();
    const { data } = await http.get(`${accountPath}/balance`, { schema: EtradeBalanceSchema, query: { instType: 'BROKERAGE', realTimeNAV: true }, headers: ETRADE_JSON_HEADERS });
    return toCoreAccount(data.BalanceResponse, this.paper);
  }

  async getPositions(): Promise<Position[]> {
    const { http, accountPath } = await this.#session.link();
    const positions: Position[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { data } = await http.get(`${accountPath}/portfolio`, {
        schema: EtradePortfolioSchema.optional(),
        query: { count: 50, view: 'QUICK', ...(page > 1 ? { pageNumber: page } : {}) },
        headers: ETRADE_JSON_HEADERS,
      });
      const portfolios = data?.PortfolioResponse.AccountPortfolio ?? [];
      for (const p of portfolios) for (const raw of p.Position ?? []) {
        const position = toCorePosition(raw);
        if (position) positions.push(position);
      }
      const next = portfolios.find((p) => p.nextPageNo !== undefined && p.nextPageNo > page)?.nextPageNo;
      if (next === undefined) break;
    }
    return positions;
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    return (await this.getPositions()).find((p) => p.symbol === symbol);
  }

  async getQuote(symbol: string): Promise<Quote> {
    const { http } = await this.#session.link();
    const { data } = await http.get(`/v1/market/quote/${encodeURIComponent(symbol)}`, { schema: EtradeQuoteResponseSchema, headers: ETRADE_JSON_HEADERS });
    const quote = data.QuoteResponse.QuoteData?.find((q) => q.Product.symbol.toUpperCase() === symbol);
    if (!quote) throw new NotFoundError(`etrade: no quote for ${symbol}`, { broker: 'etrade' });
    return toCoreQuote(quote, this.#ctx.clock.now());
  }

  /**
   * Previews an order without placing it (the dry run): E*TRADE's estimate of cost and commission,
   * its messages, and the preview id. The input is trusted like `submitOrder`'s (parse it with
   * core's `parseOrderRequest`).
   *
   * @example
   * ```ts
   * const preview = await adapter.previewOrder(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1 }))
   * console.log(preview.response.totalOrderValue)
   * ```
   */
  async previewOrder(req: ParsedOrderRequest): Promise<EtradePreview> {
    return previewEtradeOrder(await this.#entry(), req);
  }

  async submitOrder(req: ParsedOrderRequest): Promise<Order> {
    return this.#announce(await placeEtradeOrder(await this.#entry(), req));
  }

  async cancelOrder(id: string): Promise<void> {
    const orderId = etradeOrderId(id);
    const { http, accountPath } = await this.#session.link();
    await http.put(`${accountPath}/orders/cancel`, { json: { CancelOrderRequest: { orderId } }, schema: EtradeCancelResponseSchema, headers: ETRADE_JSON_HEADERS });
  }

  async replaceOrder(id: string, changes: OrderReplace): Promise<Order> {
    etradeOrderId(id);
    const current = await this.getOrder(id);
    const clientOrderId = changes.clientOrderId ?? generateClientOrderId({ maxLength: 20, charset: 'A-Za-z0-9' }, this.#ctx.clock.now());
    const req = changedRequest(requestOf(current), { ...changes, clientOrderId });
    return this.#announce(await changeEtradeOrder(await this.#entry(), id, req));
  }

  async getOrder(id: string): Promise<Order> {
    etradeOrderId(id);
    const { http, accountPath } = await this.#session.link();
    const { data } = await http.get(`${accountPath}/orders/${id}`, { schema: EtradeOrdersResponseSchema, headers: ETRADE_JSON_HEADERS });
    const order = data?.OrdersResponse.Order?.find((o) => o.orderId === id) ?? data?.OrdersResponse.Order?.[0];
    if (!order) throw new OrderNotFoundError(`etrade: no order ${id} in this account`, { broker: 'etrade' });
    return this.#toCore(order, await this.#knownIds([order.orderId]));
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const { http, accountPath } = await this.#session.link();
    // Placed from this home (this process or another): the placed log names the order, by its
    // id once the place answered, else by the preview the place repeated.
    const placed = await this.#placed.find(clientOrderId);
    if (placed?.orderId !== undefined) return this.getOrder(placed.orderId);
    if (placed !== undefined) {
      const found = await lookUpPlaced(http, accountPath, { clientOrderId: placed.sent, previewId: placed.previewId });
      return found && this.#toCore(found.order, new Map([[found.order.orderId, clientOrderId]]));
    }
    // Not placed here: only an answer that echoes the client order id can name it.
    const { orders } = await readOrders(http, accountPath, { count: 100 });
    const found = findPlaced(orders, { clientOrderId: etradeClientOrderId(clientOrderId), previewId: '' });
    return found && { ...this.#toCore(found.order, new Map()), clientOrderId };
  }

  async listOrders(filter: OrderFilter): Promise<Order[]> {
    const { http, accountPath } = await this.#session.link();
    const query = toOrderQuery(filter, this.#ctx.clock.now());
    const out: Order[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const read = await readOrders(http, accountPath, { ...query, ...(marker !== undefined ? { marker } : {}) });
      const ids = await this.#knownIds(read.orders.map((o) => o.orderId));
      for (const raw of read.orders) out.push(this.#toCore(raw, ids));
      marker = read.marker;
      if (marker === undefined || (filter.limit !== undefined && out.length >= filter.limit)) break;
    }
    return out.filter((o) => orderMatchesFilter(o, filter)).slice(0, filter.limit);
  }

  async #entry(): Promise<OrderEntry> {
    const { http, accountPath } = await this.#session.link();
    return { http, accountPath, log: this.#placed, tuning: this.#tuning, clock: this.#ctx.clock, logger: this.#log };
  }

  /** Core client order ids of these E*TRADE order ids, from the placed log. */
  #knownIds(orderIds: readonly string[]): Promise<Map<string, string>> {
    // An unreadable log only costs the names: those orders show `etrade-<orderId>` instead.
    return this.#placed.clientIdsOf(orderIds).catch(() => new Map<string, string>());
  }

  #toCore(raw: EtradeOrder, clientIds: ReadonlyMap<string, string>): Order {
    const detail = raw.OrderDetail[0];
    if (!detail) throw new OrderNotFoundError(`etrade: order ${raw.orderId} has no detail`, { broker: 'etrade' });
    return toCoreOrder(detail, { orderId: raw.orderId, clientOrderId: clientIds.get(raw.orderId), now: this.#ctx.clock.now() });
  }

  #announce(order: Order): Order {
    this.events.emit('order', order);
    return order;
  }
}

/** The request a working order stands for: what a change starts from. */
function requestOf(order: Order): OrderRequest {
  const req: OrderRequest = {
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    extendedHours: order.extendedHours,
    orderClass: 'simple',
    clientOrderId: order.clientOrderId,
  };
  if (order.quantity !== undefined) req.quantity = order.quantity;
  if (order.limitPrice !== undefined) req.limitPrice = order.limitPrice;
  if (order.stopPrice !== undefined) req.stopPrice = order.stopPrice;
  if (order.trailPrice !== undefined) req.trailPrice = order.trailPrice;
  if (order.trailPercent !== undefined) req.trailPercent = order.trailPercent;
  return req;
}
