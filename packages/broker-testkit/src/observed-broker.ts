import {
  BrokerDecorator,
  isTerminalStatus,
  type AccountInfo,
  type Broker,
  type Order,
  type OrderFilterInput,
  type OrderReplaceInput,
  type OrderRequestInput,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { snapshotProblem, type OrderEventView } from './event-check.ts';
import { describeValue, fail } from './failure.ts';
import { expectValidAccount, expectValidOrder, expectValidPosition, expectValidQuote } from './validators.ts';

/** Broker methods the suite counts. */
export type BrokerMethod =
  | 'connect' | 'disconnect' | 'getAccount' | 'getPositions' | 'getPosition' | 'submitOrder' | 'cancelOrder'
  | 'replaceOrder' | 'getOrder' | 'findOrderByClientId' | 'listOrders' | 'getQuote';

const norm = (symbol: string): string => symbol.trim().toUpperCase();

function field(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
}

/**
 * The broker as the cases see it: forwards every call unchanged to the broker under test, counts
 * calls, and checks every answer: each object schema-valid, each answer about the thing asked for
 * (getOrder(id) returns that id, getQuote(s) quotes s, ...), and no order ever seen going back in
 * its lifecycle (fewer fills, or filled then new) from one answer to the next.
 */
export class ObservedBroker extends BrokerDecorator {
  readonly calls: Record<BrokerMethod, number> = {
    connect: 0, disconnect: 0, getAccount: 0, getPositions: 0, getPosition: 0, submitOrder: 0, cancelOrder: 0,
    replaceOrder: 0, getOrder: 0, findOrderByClientId: 0, listOrders: 0, getQuote: 0,
  };
  readonly #seen = new Map<string, OrderEventView>();

  constructor(inner: Broker) {
    super(inner);
  }

  /** The broker under test, unwrapped. */
  get given(): Broker {
    return this.inner;
  }

  #order(order: unknown, where: string): Order {
    expectValidOrder(order, where);
    this.#track(order, where);
    return order;
  }

  #track(order: Order, where: string): void {
    const view: OrderEventView = { id: order.id, clientOrderId: order.clientOrderId, status: order.status, filledQuantity: order.filledQuantity };
    const earlier = this.#seen.get(order.id);
    if (earlier) {
      const problem = snapshotProblem(earlier, view);
      if (problem) fail(`${where}: order ${order.id} ${problem} (stale or wrong snapshot)`);
      if (earlier.clientOrderId !== view.clientOrderId) {
        fail(`${where}: order ${order.id} changed clientOrderId from ${earlier.clientOrderId} to ${view.clientOrderId}`);
      }
    }
    this.#seen.set(order.id, view);
    for (const leg of order.legs ?? []) this.#track(leg, `${where} (leg)`);
  }

  override async connect(): Promise<void> {
    this.calls.connect++;
    await this.inner.connect();
  }

  override async disconnect(): Promise<void> {
    this.calls.disconnect++;
    await this.inner.disconnect();
  }

  override async getAccount(): Promise<AccountInfo> {
    this.calls.getAccount++;
    const account = await this.inner.getAccount();
    expectValidAccount(account, 'getAccount()');
    return account;
  }

  override async getPositions(): Promise<Position[]> {
    this.calls.getPositions++;
    const positions: unknown = await this.inner.getPositions();
    if (!Array.isArray(positions)) fail(`getPositions() returned ${typeof positions}, not an array`);
    positions.forEach((p, i) => expectValidPosition(p, `getPositions()[${i}]`));
    return positions as Position[];
  }

  override async getPosition(symbol: string): Promise<Position | undefined> {
    this.calls.getPosition++;
    const position = await this.inner.getPosition(symbol);
    if (position === undefined) return undefined;
    expectValidPosition(position, `getPosition(${symbol})`);
    if (norm(position.symbol) !== norm(symbol)) fail(`getPosition(${symbol}) returned the position in ${position.symbol}`);
    return position;
  }

  override async submitOrder(request: OrderRequestInput): Promise<Order> {
    this.calls.submitOrder++;
    const order = this.#order(await this.inner.submitOrder(request), 'submitOrder()');
    const echo = (key: 'clientOrderId' | 'side' | 'quantity', got: unknown): void => {
      const asked = field(request, key);
      if (asked !== undefined && got !== asked) fail(`submitOrder() returned ${key} ${describeValue(got)}, the request had ${describeValue(asked)}`);
    };
    echo('clientOrderId', order.clientOrderId);
    echo('side', order.side);
    echo('quantity', order.quantity);
    const symbol = field(request, 'symbol');
    if (typeof symbol === 'string' && norm(symbol) !== norm(order.symbol)) fail(`submitOrder() returned symbol ${order.symbol}, the request had ${symbol}`);
    // An OCO request describes two exits; the order a broker returns for it may be either one.
    if (field(request, 'orderClass') !== 'oco') {
      const type = field(request, 'type') ?? 'market';
      if (order.type !== type) fail(`submitOrder() returned type ${order.type}, the request had ${describeValue(type)}`);
      for (const key of ['limitPrice', 'stopPrice', 'trailPrice', 'trailPercent'] as const) {
        const asked = field(request, key);
        if (asked !== undefined && order[key] !== asked) fail(`submitOrder() returned ${key} ${describeValue(order[key])}, the request had ${describeValue(asked)}`);
      }
    }
    return order;
  }

  override async cancelOrder(id: string): Promise<void> {
    this.calls.cancelOrder++;
    await this.inner.cancelOrder(id);
  }

  override async replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> {
    this.calls.replaceOrder++;
    return this.#order(await this.inner.replaceOrder(id, changes), `replaceOrder(${id})`);
  }

  override async getOrder(id: string): Promise<Order> {
    this.calls.getOrder++;
    const order = this.#order(await this.inner.getOrder(id), `getOrder(${id})`);
    if (order.id !== id) fail(`getOrder(${id}) returned order ${order.id}`);
    return order;
  }

  override async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    this.calls.findOrderByClientId++;
    const found = await this.inner.findOrderByClientId(clientOrderId);
    if (found === undefined) return undefined;
    const order = this.#order(found, `findOrderByClientId(${clientOrderId})`);
    if (order.clientOrderId !== clientOrderId) fail(`findOrderByClientId(${clientOrderId}) returned order ${order.id} with clientOrderId ${order.clientOrderId}`);
    return order;
  }

  override async listOrders(filter?: OrderFilterInput): Promise<Order[]> {
    this.calls.listOrders++;
    const orders: unknown = await this.inner.listOrders(filter);
    const where = `listOrders(${filter ? JSON.stringify(filter) : ''})`;
    if (!Array.isArray(orders)) fail(`${where} returned ${typeof orders}, not an array`);
    const out = orders.map((o, i) => this.#order(o, `${where}[${i}]`));
    for (const o of out) {
      if (filter?.status === 'open' && isTerminalStatus(o.status)) fail(`${where} returned order ${o.id}, which is ${o.status}`);
      if (filter?.status === 'closed' && !isTerminalStatus(o.status)) fail(`${where} returned order ${o.id}, which is ${o.status}`);
      if (filter?.symbols && !filter.symbols.map(norm).includes(norm(o.symbol))) fail(`${where} returned order ${o.id} in ${o.symbol}`);
      if (filter?.side && o.side !== filter.side) fail(`${where} returned order ${o.id} on side ${o.side}`);
    }
    return out;
  }

  override async getQuote(symbol: string): Promise<Quote> {
    this.calls.getQuote++;
    const quote = await this.inner.getQuote(symbol);
    expectValidQuote(quote, `getQuote(${symbol})`);
    if (norm(quote.symbol) !== norm(symbol)) fail(`getQuote(${symbol}) returned a quote for ${quote.symbol}`);
    return quote;
  }
}
