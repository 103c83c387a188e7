import { createServer, type Server, type Socket } from 'node:net';
import { readCancelOrder, readExecutionsRequest, readMarketDataRequest, readPlaceOrder, type PlaceOrderFields } from './decode.ts';
import {
  commissionMessage, completedOrderMessage, errorMessage, executionMessage, ibTime, openOrderMessage, orderStatusMessage, positionMessage,
} from './encode.ts';
import { DONE_STATUSES, FakeEngine } from './engine.ts';
import { FieldReader, fieldsOf, frame, FrameReader, type Field } from './framing.ts';
import { FROM_CLIENT, TO_CLIENT } from './messages.ts';
import { accountSummaryAnswer, marketDataAnswer, type MarketDataRequest } from './reads.ts';
import type { DataSubscription, FakeExecution, FakeOrder, FakeQuote } from './model.ts';

/** Options of a fake TWS. */
export interface FakeTwsOptions {
  /** Accounts `managedAccounts` lists. Default one paper account, `DU1234567`. */
  accounts?: string[];
  /** Highest server version the fake answers with (it answers min(this, client's max)). Default 193. */
  serverVersion?: number;
  /** First `nextValidId`. Default 1. */
  nextOrderId?: number;
  /** Market data the connections have. Default `live`. */
  data?: DataSubscription;
  /** Cash of each account at the start. Default 100 000. */
  initialCash?: number;
}

/** One message a client sent after the handshake, with when it arrived. */
export interface ReceivedMessage {
  at: number;
  clientId: number;
  id: number;
  fields: string[];
}

/** One placeOrder the fake received. */
export interface Placement {
  orderId: number;
  orderRef: string;
  clientId: number;
  /** It named an order that existed already (a modify). */
  modify: boolean;
}

/** Faults a test arms for the next matching request; each disarms itself once used. */
export interface FakeTwsFaults {
  /** Book the next new order, then drop the connection before answering. */
  dropOnNextOrder?: boolean;
  /** Book the next new order and send no answer to it (it shows in open orders when asked). */
  silentOnNextOrder?: boolean;
  /** Refuse the next new order with this IB error (not booked). */
  rejectNextOrder?: { code: number; text: string };
  /** On the next cancel, the cancel is confirmed and then the whole order fills (a fill racing the cancel). */
  fillOnCancel?: boolean;
}

interface Session {
  socket: Socket;
  reader: FrameReader;
  version: number;
  clientId: number;
  started: boolean;
  marketDataType: number;
}

const VERSION_RANGE = /^v(\d+)(?:\.\.(\d+))?$/;

/**
 * A fake TWS / IB Gateway on 127.0.0.1: the real handshake (`API\0`, version range, server version
 * and connection time, startApi), then length-prefixed NUL-separated messages, so the unmodified
 * `@stoqey/ib` connects to it. It keeps orders, executions, positions and cash, fills against
 * quotes a test sets, and offers fault hooks (drop mid-order, silence, rejection, fill after
 * cancel, duplicated executions, restart with a higher next id).
 *
 * @example
 * ```ts
 * const tws = new FakeTws({ accounts: ['DU111'] })
 * const port = await tws.start()
 * tws.setQuote('AAPL', { bid: 99.9, ask: 100.1, last: 100 })
 * // new IBApi({ host: '127.0.0.1', port, clientId: 1 }).connect()
 * await tws.stop()
 * ```
 */
export class FakeTws {
  readonly accounts: string[];
  readonly engine: FakeEngine;
  readonly received: ReceivedMessage[] = [];
  readonly placements: Placement[] = [];
  readonly faults: FakeTwsFaults = {};
  /** Every execution is sent twice (same execId), as TWS does after some reconnects. */
  duplicateExecutions = false;
  /** Market data the connections have. */
  data: DataSubscription;
  /** Answer connections with this server version regardless of the client's range (tests of the version check). */
  forcedVersion: number | undefined;
  /** Errors the fake itself ran into (a message it could not read): tests expect none. */
  readonly problems: string[] = [];
  readonly #maxVersion: number;
  readonly #sessions = new Set<Session>();
  #server: Server | undefined;
  #port = 0;
  #nextOrderId: number;
  /** Highest order id each API client used (TWS keeps order ids per client id). */
  readonly #highestIds = new Map<number, number>();

  constructor(options: FakeTwsOptions = {}) {
    this.accounts = options.accounts ?? ['DU1234567'];
    this.#maxVersion = options.serverVersion ?? 193;
    this.#nextOrderId = options.nextOrderId ?? 1;
    this.data = options.data ?? 'live';
    this.engine = new FakeEngine(
      { order: (o) => this.#announce(o), execution: (e, o) => this.#execution(e, o) },
      this.accounts,
      options.initialCash ?? 100_000,
      () => new Date(),
    );
  }

  get port(): number {
    return this.#port;
  }

  /** Number of API connections open now. */
  get connections(): number {
    return [...this.#sessions].filter((s) => s.started).length;
  }

  /** Starts listening on 127.0.0.1 (a free port unless given); resolves with the port. */
  async start(port = 0): Promise<number> {
    const server = createServer((socket) => this.#accept(socket));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.#port = typeof address === 'object' && address ? address.port : port;
    return this.#port;
  }

  /** Closes every connection and stops listening. */
  async stop(): Promise<void> {
    this.dropConnections();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Closes every client connection (a network drop); the book is kept. */
  dropConnections(): void {
    for (const s of this.#sessions) s.socket.destroy();
    this.#sessions.clear();
  }

  /**
   * The daily restart: every connection drops, the book is kept, and the next `nextValidId` is at
   * least `nextOrderId`.
   */
  async restart(options: { nextOrderId?: number; downMs?: number } = {}): Promise<void> {
    const port = this.#port;
    await this.stop();
    if (options.nextOrderId !== undefined) this.#nextOrderId = Math.max(this.#nextOrderId, options.nextOrderId);
    if (options.downMs) await new Promise((r) => setTimeout(r, options.downMs));
    await this.start(port);
  }

  setQuote(symbol: string, quote: FakeQuote): void {
    this.engine.setQuote(symbol, quote);
  }

  /** Fills part (or all) of a working order now, as the exchange would. */
  fill(orderId: number, quantity: string, price: number): FakeExecution {
    const order = this.engine.orders.get(orderId);
    if (!order || DONE_STATUSES.has(order.status)) throw new Error(`fake-tws: no working order ${orderId}`);
    return this.engine.fill(order, BigInt(Math.round(Number(quantity) * 1e8)), price);
  }

  /** Orders the fake holds with this orderRef. */
  ordersByRef(orderRef: string): FakeOrder[] {
    return [...this.engine.orders.values()].filter((o) => o.orderRef === orderRef);
  }

  #accept(socket: Socket): void {
    const session: Session = { socket, reader: new FrameReader(), version: 0, clientId: -1, started: false, marketDataType: 1 };
    this.#sessions.add(session);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      try {
        for (const body of session.reader.push(chunk)) this.#onFrame(session, fieldsOf(body));
      } catch (error) {
        this.problems.push((error as Error).message);
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.#sessions.delete(session));
  }

  #send(session: Session, fields: Field[]): void {
    if (!session.socket.destroyed) session.socket.write(frame(fields));
  }

  #onFrame(session: Session, fields: string[]): void {
    if (session.version === 0) return this.#handshake(session, fields);
    const r = new FieldReader(fields);
    const id = r.int();
    this.received.push({ at: performance.now(), clientId: session.clientId, id, fields });
    this.#route(session, id, r);
  }

  #handshake(session: Session, fields: string[]): void {
    const match = VERSION_RANGE.exec(fields[0] ?? '');
    if (!match) throw new Error(`fake-tws: bad version range ${fields[0]}`);
    const clientMax = Number(match[2] ?? match[1]);
    session.version = this.forcedVersion ?? Math.min(clientMax, this.#maxVersion);
    this.#send(session, [session.version, `${ibTime(new Date()).replace('-', ' ')} UTC`]);
  }

  #route(s: Session, id: number, r: FieldReader): void {
    switch (id) {
      case FROM_CLIENT.START_API: return this.#startApi(s, r);
      case FROM_CLIENT.PLACE_ORDER: return this.#placeOrder(s, readPlaceOrder(s.version, r));
      case FROM_CLIENT.CANCEL_ORDER: return this.#cancelOrder(s, readCancelOrder(s.version, r));
      case FROM_CLIENT.REQ_OPEN_ORDERS: return this.#openOrders(s, (o) => o.clientId === s.clientId);
      case FROM_CLIENT.REQ_ALL_OPEN_ORDERS: return this.#openOrders(s, () => true);
      case FROM_CLIENT.REQ_EXECUTIONS: return this.#executions(s, readExecutionsRequest(r));
      case FROM_CLIENT.REQ_IDS: return this.#send(s, [TO_CLIENT.NEXT_VALID_ID, 1, this.#nextId(s.clientId)]);
      case FROM_CLIENT.REQ_MANAGED_ACCTS: return this.#send(s, [TO_CLIENT.MANAGED_ACCTS, 1, this.accounts.join(',')]);
      case FROM_CLIENT.REQ_CURRENT_TIME: return this.#send(s, [TO_CLIENT.CURRENT_TIME, 1, Math.floor(Date.now() / 1000)]);
      case FROM_CLIENT.REQ_POSITIONS: return this.#positions(s);
      case FROM_CLIENT.REQ_COMPLETED_ORDERS: return this.#completedOrders(s);
      case FROM_CLIENT.CANCEL_POSITIONS: return;
      case FROM_CLIENT.REQ_ACCOUNT_SUMMARY: r.skip(1); return this.#accountSummary(s, r.int());
      case FROM_CLIENT.CANCEL_ACCOUNT_SUMMARY: return;
      case FROM_CLIENT.REQ_MARKET_DATA_TYPE: r.skip(1); s.marketDataType = r.int(); return;
      case FROM_CLIENT.REQ_MKT_DATA: return this.#marketData(s, readMarketDataRequest(r));
      case FROM_CLIENT.CANCEL_MKT_DATA: return;
      default:
        this.problems.push(`fake-tws: message id ${id} is not supported`);
    }
  }

  #startApi(s: Session, r: FieldReader): void {
    r.skip(1); // version
    const clientId = r.int();
    const taken = [...this.#sessions].some((o) => o !== s && o.started && o.clientId === clientId);
    if (taken) {
      this.#send(s, [...errorMessage(s.version, -1, 326, 'Unable to connect as the client id is already in use. Retry with a unique client id.')]);
      s.socket.end();
      return;
    }
    s.clientId = clientId;
    s.started = true;
    this.#send(s, [TO_CLIENT.MANAGED_ACCTS, 1, this.accounts.join(',')]);
    this.#send(s, [TO_CLIENT.NEXT_VALID_ID, 1, this.#nextId(clientId)]);
    // What TWS says about its data farms on every connect: informational, not errors.
    this.#send(s, errorMessage(s.version, -1, 2104, 'Market data farm connection is OK:usfarm'));
    this.#send(s, errorMessage(s.version, -1, 2106, 'HMDS data farm connection is OK:ushmds'));
  }

  #nextId(clientId: number): number {
    return Math.max(this.#nextOrderId, (this.#highestIds.get(clientId) ?? 0) + 1);
  }

  #used(clientId: number, orderId: number): void {
    this.#highestIds.set(clientId, Math.max(this.#highestIds.get(clientId) ?? 0, orderId));
  }

  #placeOrder(s: Session, fields: PlaceOrderFields): void {
    const existing = this.engine.orders.get(fields.orderId);
    this.placements.push({ orderId: fields.orderId, orderRef: fields.orderRef, clientId: s.clientId, modify: existing !== undefined });
    if (existing) {
      if (DONE_STATUSES.has(existing.status)) {
        return this.#send(s, errorMessage(s.version, fields.orderId, 104, `Can't modify a filled order.`));
      }
      this.engine.modify(existing, fields);
      this.#announce(existing);
      return this.engine.match();
    }
    if (fields.orderId <= (this.#highestIds.get(s.clientId) ?? 0)) {
      return this.#send(s, errorMessage(s.version, fields.orderId, 103, 'Duplicate order id'));
    }
    if (!this.accounts.includes(fields.account)) {
      return this.#send(s, errorMessage(s.version, fields.orderId, 321, `Error validating request.-'bN' : cause - The account code is required for this operation.`));
    }
    const reject = this.faults.rejectNextOrder;
    if (reject) {
      delete this.faults.rejectNextOrder;
      this.#used(s.clientId, fields.orderId);
      return this.#send(s, errorMessage(s.version, fields.orderId, reject.code, reject.text));
    }
    this.#used(s.clientId, fields.orderId);
    const order = this.engine.place(s.clientId, fields);
    // Not transmitted: TWS keeps it until an order of its group comes with transmit on.
    if (!order.transmit) return;
    if (this.faults.dropOnNextOrder) {
      delete this.faults.dropOnNextOrder;
      s.socket.destroy();
      return this.engine.match();
    }
    if (this.faults.silentOnNextOrder) {
      // The answer is lost: nothing is said now; later events (a read-back, a cancel) are normal.
      delete this.faults.silentOnNextOrder;
      return;
    }
    for (const o of [order, ...this.engine.transmitGroup(order)].sort((a, b) => a.orderId - b.orderId)) this.#announce(o);
    this.engine.match();
  }

  #cancelOrder(s: Session, orderId: number): void {
    const order = this.engine.orders.get(orderId);
    if (!order) return this.#send(s, errorMessage(s.version, orderId, 10147, `OrderId ${orderId} that needs to be cancelled is not found.`));
    if (this.faults.fillOnCancel && !DONE_STATUSES.has(order.status)) {
      // The cancel is confirmed, then the exchange's fill that crossed it arrives.
      delete this.faults.fillOnCancel;
      order.status = 'Cancelled';
      this.#announce(order);
      this.#send(s, errorMessage(s.version, orderId, 202, 'Order Canceled - reason:'));
      order.status = 'Submitted';
      const q = this.engine.quotes.get(order.symbol);
      this.engine.fill(order, order.totalQuantity - order.filled, order.lmtPrice ?? q?.last ?? q?.ask ?? 1);
      return;
    }
    if (DONE_STATUSES.has(order.status)) {
      return this.#send(s, errorMessage(s.version, orderId, 10148, `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${order.status}.`));
    }
    for (const canceled of this.engine.cancel(order)) this.#send(s, errorMessage(s.version, canceled.orderId, 202, 'Order Canceled - reason:'));
  }

  #openOrders(s: Session, which: (o: FakeOrder) => boolean): void {
    for (const o of this.engine.orders.values()) {
      if (DONE_STATUSES.has(o.status) || o.status === 'Staged' || !which(o)) continue;
      this.#send(s, openOrderMessage(s.version, o));
      this.#send(s, orderStatusMessage(o));
    }
    this.#send(s, [TO_CLIENT.OPEN_ORDER_END, 1]);
  }

  /** reqCompletedOrders: every order that ended, then the end (TWS keeps the day's). */
  #completedOrders(s: Session): void {
    for (const o of this.engine.orders.values()) {
      if (DONE_STATUSES.has(o.status)) this.#send(s, completedOrderMessage(s.version, o, new Date()));
    }
    this.#send(s, [TO_CLIENT.COMPLETED_ORDERS_END]);
  }

  #executions(s: Session, filter: { reqId: number; clientId: number; account: string; time: string }): void {
    const since = filter.time ? parseIbTime(filter.time) : undefined;
    for (const e of this.engine.executions) {
      if (filter.clientId !== 0 && e.clientId !== filter.clientId) continue;
      if (filter.account && e.account !== filter.account) continue;
      if (since !== undefined && e.time.getTime() < since) continue;
      this.#send(s, executionMessage(s.version, filter.reqId, e));
      this.#send(s, commissionMessage(e));
    }
    this.#send(s, [TO_CLIENT.EXECUTION_DATA_END, 1, filter.reqId]);
  }

  #positions(s: Session): void {
    for (const account of this.accounts) {
      for (const [symbol, h] of this.engine.positions(account)) this.#send(s, positionMessage(account, symbol, h.quantity, h.avgCost));
    }
    this.#send(s, [TO_CLIENT.POSITION_END, 1]);
  }

  #accountSummary(s: Session, reqId: number): void {
    for (const fields of accountSummaryAnswer(this.engine, this.accounts, reqId)) this.#send(s, fields);
  }

  #marketData(s: Session, req: MarketDataRequest): void {
    for (const fields of marketDataAnswer(s.version, this.engine, this.data, s.marketDataType, req)) this.#send(s, fields);
  }

  /** openOrder + orderStatus to the client that placed the order (TWS's routing for API orders). */
  #announce(order: FakeOrder): void {
    for (const s of this.#sessions) {
      if (!s.started || s.clientId !== order.clientId) continue;
      this.#send(s, openOrderMessage(s.version, order));
      this.#send(s, orderStatusMessage(order));
    }
  }

  #execution(e: FakeExecution, order: FakeOrder): void {
    for (const s of this.#sessions) {
      if (!s.started || s.clientId !== order.clientId) continue;
      const copies = this.duplicateExecutions ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        this.#send(s, executionMessage(s.version, -1, e));
        this.#send(s, commissionMessage(e));
      }
    }
  }
}

/** `yyyymmdd-hh:mm:ss` or `yyyymmdd hh:mm:ss` (UTC) as epoch ms. */
function parseIbTime(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})[- ](\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : 0;
}
