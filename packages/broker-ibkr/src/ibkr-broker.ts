import { EventEmitter } from 'eventemitter3';
import { LRUCache } from 'lru-cache';
import { EventName } from '@stoqey/ib';
import {
  OrderNotFoundError,
  OrderStateError,
  isTerminalStatus,
  orderMatchesFilter,
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
import { IBKR_CAPABILITIES } from './capabilities.ts';
import { ibkrPort, type IbkrConfig } from './config.ts';
import { toCoreAccount } from './map/account.ts';
import { toCorePosition } from './map/position.ts';
import { OrderFeed } from './order-feed.ts';
import { OrderTracker } from './order-tracker.ts';
import { ibkrOrderId, OrderIds } from './orders/order-ids.ts';
import { modifyIbkrOrder, submitIbkrOrder, type OrderEntry } from './orders/submit.ts';
import { reconcileAfterReconnect } from './reconcile.ts';
import { IBKR_ACCOUNT_TAGS } from './schemas/account.ts';
import { TwsConnection, type TwsSession, type TwsState } from './tws/connection.ts';
import { ibkrErrorKind } from './tws/error-map.ts';
import { readAccountSummary, readCompletedOrders, readExecutions, readOpenOrders, readPositions, type OpenOrders } from './tws/reads.ts';
import type { IbCompletedOrder } from './schemas/open-order.ts';
import { toCoreCompletedOrder, toCoreOrderFromExecutions } from './map/order.ts';
import { TwsQuotes } from './tws/quotes.ts';
import { twsRequest } from './tws/request.ts';
import { abortableClock } from './tws/abortable-sleep.ts';
import { TUNING_DEFAULTS, type IbkrTuning } from './tuning.ts';

/** IB statuses that answer a cancel request. */
const CANCEL_ANSWERS: ReadonlySet<string> = new Set(['PendingCancel', 'ApiCancelled', 'Cancelled']);

/**
 * Interactive Brokers through TWS / IB Gateway (`@stoqey/ib`) as a core `BrokerAdapter`. It takes
 * trusted input: get it through `ibkrPlugin` and the registry, or wrap it in `withValidation`.
 *
 * - Paper port 7497 unless the config says `paper: false`; a live port with paper on is refused.
 * - Order ids from `nextValidId`, above every id seen, never reused across reconnects; the client
 *   order id travels in `orderRef`, the key of the recovery lookup (core's `submitWithRecovery`:
 *   sent once, a lost answer is looked up among open orders and executions, never resent).
 * - Order state changes only through core's `applyOrderUpdate` (the `OrderTracker`); fills come
 *   from executions, once per execId, with their commission.
 * - Reconnects with doubling delays after a drop or the daily restart, then reconciles.
 *
 * @example
 * ```ts
 * const ibkr = withValidation(new IbkrBroker(IbkrConfigSchema.parse({ clientId: 7 }), { name: 'ibkr', logger, clock: systemClock }))
 * await ibkr.connect()
 * ibkr.events.on('fill', (fill) => console.log(fill.symbol, fill.quantity, fill.price))
 * await ibkr.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 150 })
 * ```
 */
export class IbkrBroker implements BrokerAdapter {
  readonly type = 'ibkr';
  readonly name: string;
  readonly capabilities: Capabilities = IBKR_CAPABILITIES;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  /** True on a paper login (the config's `paper`). */
  readonly paper: boolean;
  readonly host: string;
  readonly port: number;
  readonly #config: IbkrConfig;
  readonly #ctx: PluginContext;
  readonly #tuning: Required<IbkrTuning>;
  readonly #log: Logger;
  readonly #tws: TwsConnection;
  readonly #tracker: OrderTracker;
  readonly #ids = new OrderIds();
  /** TWS's order messages as tracker updates and fills (and what a modify needs of each order). */
  readonly #feed: OrderFeed;
  readonly #serial = new Map<string, Promise<unknown>>();
  /** Order ids this instance sent, by orderRef: completed orders carry no id. */
  /** The order id each recent orderRef was sent with (a lookup needs the recent ones only). */
  readonly #sentRefs = new LRUCache<string, number>({ max: 10_000 });
  readonly #quotes: TwsQuotes;
  #entryCache: { account: string; signal: AbortSignal; entry: OrderEntry } | undefined;

  constructor(config: IbkrConfig, ctx: PluginContext, tuning: IbkrTuning = {}) {
    this.#config = config;
    this.#ctx = ctx;
    this.#tuning = { ...TUNING_DEFAULTS, ...tuning };
    this.name = ctx.name;
    this.paper = config.paper;
    this.host = config.host;
    this.port = ibkrPort(config);
    this.#log = ctx.logger.child({ broker: 'ibkr', name: ctx.name });
    this.#tracker = new OrderTracker(
      {
        order: (order) => this.events.emit('order', order),
        fill: (fill) => this.events.emit('fill', fill),
        error: (error) => this.events.emit('error', error),
        forget: (id) => this.#feed.forget(Number(id)),
      },
      this.#log,
    );
    this.#tws = new TwsConnection(config, this.#log, ctx.clock, this.#tuning.unpacedMessagesPerSecond || config.messagesPerSecond);
    this.#quotes = new TwsQuotes(this.#tws, { delayedData: config.delayedData, timeoutMs: config.requestTimeoutMs + 1_000 }, this.#log);
    this.#tws.on('up', (session, reconnect) => this.#onUp(session, reconnect));
    this.#tws.on('down', (reason) => this.events.emit('disconnected', reason));
    this.#tws.on('error', (error) => this.events.emit('error', error));
    // Registered before any request's listener: a request finds the tracker already updated.
    this.#feed = new OrderFeed({
      ib: this.#tws.ib, clientId: config.clientId, tracker: this.#tracker, ids: this.#ids, events: this.events,
      clock: ctx.clock, logger: this.#log, commissionWaitMs: this.#tuning.commissionWaitMs,
      onEcho: (id) => this.#tws.requests.echo(id),
    });
    this.#tws.ib.on(EventName.error, (error: Error, code: number, id: number) => this.#onUnsolicitedError(error, code, id));
  }

  get connected(): boolean {
    return this.#tws.connected;
  }

  /** Where the connection is: idle, connecting, connected, reconnecting, closed. */
  get state(): TwsState {
    return this.#tws.state;
  }

  /** The account this instance trades (known once connected). */
  get account(): string | undefined {
    return this.#tws.session?.account;
  }

  /** The TWS API server version of the connection (0 before connecting). */
  get serverVersion(): number {
    return this.#tws.session?.serverVersion ?? 0;
  }

  /** Connects to TWS: handshake, version check, account choice; rejects with ConnectionError / ConfigError. */
  async connect(): Promise<void> {
    await this.#tws.connect();
  }

  /**
   * Closes the connection and ends every wait: the reconnect delay, reads waiting for a reconnect,
   * an order's lookups; a fill still waiting for its commission is emitted without it (no
   * commissionReport can come any more). Nothing is left to keep the process alive.
   */
  async disconnect(): Promise<void> {
    await this.#tws.disconnect();
    this.#feed.flushPending();
  }

  async getAccount(): Promise<AccountInfo> {
    const account = await this.#ready();
    const rows = await readAccountSummary(this.#tws, IBKR_ACCOUNT_TAGS, this.#config.requestTimeoutMs);
    return toCoreAccount(account, rows.filter((r) => r.account === account), this.paper);
  }

  async getPositions(): Promise<Position[]> {
    const account = await this.#ready();
    const rows = await this.#once('positions', () => readPositions(this.#tws, this.#config.requestTimeoutMs));
    return rows.filter((p) => p.account === account).map(toCorePosition).filter((p): p is Position => p !== undefined);
  }

  async getPosition(symbol: string): Promise<Position | undefined> {
    return (await this.getPositions()).find((p) => p.symbol === symbol);
  }

  submitOrder(req: ParsedOrderRequest): Promise<Order> {
    // Connected, the order goes out in this turn; the recovery loop's answer is the order as the
    // tracker knows it then (`OrderEntry.current`), with no turn of our own after it.
    try {
      const entry = this.#entry();
      return entry instanceof Promise ? entry.then((ready) => submitIbkrOrder(ready, req)) : submitIbkrOrder(entry, req);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The tracker already holds every order a submit returns (the echo, or what a lookup reported);
   * an orderStatus may have moved it on since: the order and its legs as now known.
   */
  #current(order: Order): Order {
    const root = this.#tracker.get(order.id) ?? order;
    if (!order.legs) return root;
    return { ...root, legs: order.legs.map((leg) => this.#tracker.get(leg.id) ?? leg) };
  }

  async replaceOrder(id: string, changes: OrderReplace): Promise<Order> {
    const orderId = ibkrOrderId(id);
    const current = await this.getOrder(id);
    const raw = this.#feed.rawOf(orderId);
    if (!raw || isTerminalStatus(current.status)) {
      throw new OrderStateError(`ibkr: order ${id} is ${current.status}, not working; it cannot be modified`, { broker: 'ibkr', outcome: 'denied' });
    }
    return this.#tracker.report(await modifyIbkrOrder(await this.#entry(), current, raw, changes));
  }

  /**
   * Requests a cancel; resolves when TWS answers with PendingCancel or Cancelled. An order TWS does
   * not know is an `OrderNotFoundError`; one that can no longer be canceled (it filled) an
   * `OrderStateError`.
   */
  async cancelOrder(id: string): Promise<void> {
    const orderId = ibkrOrderId(id);
    await this.#ready();
    await this.#cancelOne(orderId);
    // An OCO's members are separate orders at IB (one OCA group): canceling the OCO cancels each.
    const members = this.#tracker.all().filter((o) => o.orderClass === 'oco' && o.parentId === id && !isTerminalStatus(o.status));
    for (const member of members) await this.#cancelOne(Number(member.id));
  }

  #cancelOne(orderId: number): Promise<void> {
    return twsRequest<void>(this.#tws, {
      what: `cancel of order ${orderId}`,
      id: orderId,
      timeoutMs: this.#config.requestTimeoutMs,
      listen(ib, finish) {
        const onStatus = (statusId: number, status: string): void => {
          if (statusId === orderId && CANCEL_ANSWERS.has(status)) finish();
        };
        ib.on(EventName.orderStatus, onStatus);
        return () => ib.off(EventName.orderStatus, onStatus);
      },
      send: (ib) => ib.cancelOrder(orderId),
    });
  }

  async getOrder(id: string): Promise<Order> {
    const orderId = ibkrOrderId(id);
    const known = this.#tracker.get(String(orderId));
    if (known) return known;
    await this.#refreshOpenOrders();
    const found = this.#tracker.get(String(orderId));
    if (found) return found;
    throw new OrderNotFoundError(`ibkr: no order ${id} (open orders of client ${this.#config.clientId} and this session's orders)`, { broker: 'ibkr' });
  }

  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    if (clientOrderId.length > this.capabilities.clientOrderId.maxLength) return undefined;
    return this.#find(clientOrderId);
  }

  /**
   * Open orders come from TWS (reqOpenOrders); closed ones are those this instance followed (TWS
   * keeps no order history for the API beyond the day's executions).
   */
  async listOrders(filter: OrderFilter): Promise<Order[]> {
    if (filter.status !== 'closed') await this.#refreshOpenOrders();
    else await this.#ready();
    const orders = this.#tracker.all().filter((o) => orderMatchesFilter(o, filter));
    // IB's order ids rise with each order placed: newest first.
    orders.sort((a, b) => Number(b.id) - Number(a.id));
    return filter.limit === undefined ? orders : orders.slice(0, filter.limit);
  }

  /**
   * A snapshot quote. Without a live subscription, delayed data is asked for once per connection
   * (with `delayedData`, the default); without any, a `PermissionDeniedError` says so.
   */
  async getQuote(symbol: string): Promise<Quote> {
    await this.#ready();
    return this.#quotes.read(symbol, new Date(this.#ctx.clock.now()).toISOString());
  }

  /** The account once connected; a ConnectionError otherwise (nothing sent). */
  async #ready(): Promise<string> {
    const session = this.#tws.session;
    if (!this.#tws.connected || !session) await this.#tws.whenConnected(this.#config.requestTimeoutMs);
    return this.#tws.session!.account;
  }

  /**
   * What order entry needs, built once per connection (account) and lifetime (disconnect signal).
   * Connected, it is at hand (no wait); otherwise it waits for the connection.
   */
  #entry(): OrderEntry | Promise<OrderEntry> {
    const session = this.#tws.session;
    return this.#tws.connected && session ? this.#entryFor(session.account) : this.#ready().then((account) => this.#entryFor(account));
  }

  #entryFor(account: string): OrderEntry {
    const signal = this.#tws.signal;
    const cached = this.#entryCache;
    if (cached && cached.account === account && cached.signal === signal) return cached.entry;
    const entry = this.#newEntry(account, signal);
    this.#entryCache = { account, signal, entry };
    return entry;
  }

  #newEntry(account: string, signal: AbortSignal): OrderEntry {
    return {
      tws: this.#tws,
      account,
      takeId: () => this.#ids.take(),
      known: (id) => this.#tracker.get(String(id)),
      link: (id, link, orderRef) => {
        this.#feed.link(id, link);
        if (orderRef !== undefined) this.#sentRefs.set(orderRef, id);
      },
      find: (clientOrderId) => this.#find(clientOrderId),
      current: (order) => this.#current(order),
      timeoutMs: this.#config.requestTimeoutMs,
      lookup: this.#tuning.lookup,
      // A disconnect ends the recovery loop's lookup delays with the connection.
      clock: abortableClock(this.#ctx.clock, signal),
      logger: this.#log,
    };
  }

  /**
   * One lookup by orderRef: this client's open orders first, then today's executions, then the
   * day's completed orders (canceled or refused while the answer was lost).
   */
  async #find(clientOrderId: string): Promise<Order | undefined> {
    const { orders } = await this.#refreshOpenOrders();
    const known = this.#tracker.byClientOrderId(clientOrderId);
    if (known && (isTerminalStatus(known.status) || orders.some((o) => o.order.orderRef === clientOrderId))) return known;
    const account = await this.#ready();
    const records = await readExecutions(this.#tws, { clientId: this.#config.clientId, account }, this.#config.requestTimeoutMs);
    for (const record of records) this.#feed.ingest(record);
    const filled = this.#tracker.byClientOrderId(clientOrderId);
    if (filled && isTerminalStatus(filled.status)) return filled;
    const ended = (await this.#completedOrders()).find((c) => c.order.orderRef === clientOrderId);
    const settled = ended ? this.#settle(ended) : undefined;
    if (settled) return settled;
    if (filled) return filled;
    const mine = records.filter((r) => r.execution.orderRef === clientOrderId);
    return mine.length === 0 ? undefined : this.#tracker.report(toCoreOrderFromExecutions(clientOrderId, mine[0]!.symbol, mine.map((r) => r.execution)));
  }

  #completedOrders(): Promise<IbCompletedOrder[]> {
    return this.#once('completedOrders', () => readCompletedOrders(this.#tws, this.#config.requestTimeoutMs));
  }

  /** How a completed order ended, applied to the order this instance knows it as (by orderRef). */
  #settle(c: IbCompletedOrder): Order | undefined {
    const ref = c.order.orderRef;
    if (!ref) return undefined;
    const id = this.#tracker.byClientOrderId(ref)?.id ?? this.#sentRefs.get(ref);
    if (id === undefined) return undefined;
    const mapped = toCoreCompletedOrder(c, Number(id), new Date(this.#ctx.clock.now()).toISOString(), this.#feed.linkOf(Number(id)));
    return mapped ? this.#tracker.report(mapped) : undefined;
  }

  #refreshOpenOrders(): Promise<OpenOrders> {
    return this.#once('openOrders', async () => {
      await this.#ready();
      return readOpenOrders(this.#tws, this.#feed, this.#config.requestTimeoutMs);
    });
  }

  /** Runs `read` unless one of the same kind is in flight (TWS answers those without a request id). */
  #once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const running = this.#serial.get(key) as Promise<T> | undefined;
    if (running) return running;
    const next = read().finally(() => this.#serial.delete(key));
    this.#serial.set(key, next);
    return next;
  }

  #onUp(session: TwsSession, reconnect: boolean): void {
    this.#ids.nextValid(session.nextValidId);
    this.#quotes.reset();
    this.events.emit('connected');
    if (!reconnect) return;
    void reconcileAfterReconnect({
      openOrders: () => this.#refreshOpenOrders(),
      executions: (since) => readExecutions(this.#tws, { clientId: this.#config.clientId, account: session.account, ...(since ? { time: since } : {}) }, this.#config.requestTimeoutMs),
      ingest: (record) => this.#feed.ingest(record),
      completedOrders: () => this.#completedOrders(),
      settle: (order) => {
        const known = order.order.orderRef ? this.#tracker.byClientOrderId(order.order.orderRef) : undefined;
        if (known && !isTerminalStatus(known.status)) this.#settle(order);
      },
      lastExecutionAt: () => this.#feed.lastExecutionAt,
      onError: (error) => this.events.emit('error', error),
      logger: this.#log,
    });
  }

  /** TWS errors no request is waiting for: notices are logged, order refusals and the rest emitted. */
  #onUnsolicitedError(error: Error, code: number, id: number): void {
    const kind = ibkrErrorKind(code, error.message);
    if (kind === 'info' || kind === 'notice' || kind === 'canceled') {
      this.#log.debug('TWS notice', { code, id, message: error.message });
      return;
    }
    this.#log.warn('TWS error', { code, id, message: error.message });
  }

}
