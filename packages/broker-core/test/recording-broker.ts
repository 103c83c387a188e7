// A minimal Broker for core tests: answers from memory and records every call that reaches it,
// so wrapper tests can prove what was (and was not) sent.
import { EventEmitter } from 'eventemitter3';
import type { Broker, BrokerEvents } from '../src/broker.ts';
import { OrderNotFoundError } from '../src/errors/subclasses.ts';
import type { AccountInfo, Position, Quote } from '../src/model/account.ts';
import type { Capabilities } from '../src/model/capabilities.ts';
import type { Order, OrderFilterInput } from '../src/model/order.ts';
import type { OrderReplaceInput, OrderRequest, OrderRequestInput } from '../src/model/order-request.ts';

export const FULL_CAPABILITIES: Capabilities = {
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'],
  orderClasses: ['simple', 'bracket', 'oco', 'oto'],
  fractional: true,
  fractionalIncrement: 0.0001,
  notional: true,
  shortSelling: true,
  extendedHours: true,
  replace: true,
  trailPercent: true,
  trailPrice: true,
  streaming: false,
  paper: true,
  clientOrderId: { maxLength: 48, charset: 'A-Za-z0-9_-' },
};

export class RecordingBroker implements Broker {
  readonly type: string = 'recording';
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  connected = false;
  calls: { method: string; args: unknown[] }[] = [];
  orders: Order[] = [];
  /** Make the next calls of a method fail with these errors, in order. */
  failures = new Map<string, unknown[]>();

  constructor(readonly name = 'rec', readonly capabilities: Capabilities = FULL_CAPABILITIES) {}

  #enter(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const queue = this.failures.get(method);
    if (queue && queue.length > 0) throw queue.shift();
  }
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }
  async connect(): Promise<void> { this.#enter('connect'); this.connected = true; }
  async disconnect(): Promise<void> { this.#enter('disconnect'); this.connected = false; }
  async getAccount(): Promise<AccountInfo> {
    this.#enter('getAccount');
    return { accountId: 'A1', currency: 'USD', cash: 1000, buyingPower: 1000, portfolioValue: 1000, equity: 1000, paper: true };
  }
  async getPositions(): Promise<Position[]> { this.#enter('getPositions'); return []; }
  async getPosition(symbol: string): Promise<Position | undefined> { this.#enter('getPosition', symbol); return undefined; }
  async submitOrder(request: OrderRequestInput): Promise<Order> {
    this.#enter('submitOrder', request);
    const req = request as OrderRequest;
    const now = new Date().toISOString();
    const order: Order = {
      id: `o-${this.orders.length + 1}`, clientOrderId: req.clientOrderId, symbol: req.symbol, side: req.side, type: req.type,
      timeInForce: req.timeInForce, orderClass: req.orderClass, status: 'new', quantity: req.quantity, filledQuantity: 0,
      extendedHours: req.extendedHours, createdAt: now, updatedAt: now,
    };
    this.orders.push(order);
    return order;
  }
  async cancelOrder(id: string): Promise<void> { this.#enter('cancelOrder', id); }
  async replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> {
    this.#enter('replaceOrder', id, changes);
    return this.getOrder(id);
  }
  async getOrder(id: string): Promise<Order> {
    this.#enter('getOrder', id);
    const o = this.orders.find((x) => x.id === id);
    if (!o) throw new OrderNotFoundError(`no order ${id}`, { broker: this.type });
    return o;
  }
  async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    this.#enter('findOrderByClientId', clientOrderId);
    return this.orders.find((x) => x.clientOrderId === clientOrderId);
  }
  async listOrders(filter?: OrderFilterInput): Promise<Order[]> { this.#enter('listOrders', filter); return [...this.orders]; }
  async getQuote(symbol: string): Promise<Quote> {
    this.#enter('getQuote', symbol);
    return { symbol, bid: 99, ask: 101, timestamp: new Date().toISOString() };
  }
}
