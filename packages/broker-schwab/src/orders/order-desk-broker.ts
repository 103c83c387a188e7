import { EventEmitter } from 'eventemitter3';
import {
  generateClientOrderId,
  type BrokerEvents,
  type Capabilities,
  type Order,
  type OrderFilter,
  type OrderReplace,
  type ParsedOrderRequest,
  type Position,
} from '@invest/broker-core';
import type { OrderDesk } from './order-desk.ts';

/**
 * The half of a `BrokerAdapter` that Schwab and TD Ameritrade share, on one `OrderDesk`: orders
 * placed, replaced, cancelled and read through the desk, each order this process placed or
 * replaced announced once on `events` (neither broker streams orders to this adapter), the
 * connected flag, and `disconnect` closing the desk's client order id store. The adapter adds
 * `connect` (calling `markConnected()` once it has checked the login), the account, positions and
 * quotes. One level only: anything else an adapter wraps around a `Broker`.
 *
 * @example
 * ```ts
 * class MyBroker extends OrderDeskBroker implements BrokerAdapter {
 *   protected readonly desk = new OrderDesk({ dialect, http, account, orderLimiter, clock, logger, tuning: {}, ids })
 *   async connect() { if (this.connected) return; await this.getAccount(); this.markConnected() }
 *   // type, name, capabilities, paper, getAccount, getPositions, getQuote
 * }
 * ```
 */
export abstract class OrderDeskBroker {
  abstract readonly capabilities: Capabilities;
  readonly events: EventEmitter<BrokerEvents> = new EventEmitter<BrokerEvents>();
  protected abstract readonly desk: OrderDesk;
  #connected = false;

  get connected(): boolean {
    return this.#connected;
  }

  abstract getPositions(): Promise<Position[]>;

  async getPosition(symbol: string): Promise<Position | undefined> {
    return (await this.getPositions()).find((p) => p.symbol === symbol);
  }

  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    this.desk.ids.close();
    this.events.emit('disconnected', 'client disconnect');
  }

  async submitOrder(req: ParsedOrderRequest): Promise<Order> {
    return this.#announce(await this.desk.submit(req));
  }

  async cancelOrder(id: string): Promise<void> {
    await this.desk.cancel(id);
  }

  async replaceOrder(id: string, changes: OrderReplace): Promise<Order> {
    const clientOrderId = changes.clientOrderId ?? generateClientOrderId(this.capabilities.clientOrderId);
    return this.#announce(await this.desk.replace(id, changes, clientOrderId));
  }

  getOrder(id: string): Promise<Order> {
    return this.desk.get(id);
  }

  findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    return this.desk.findByClientId(clientOrderId);
  }

  listOrders(filter: OrderFilter): Promise<Order[]> {
    return this.desk.list(filter);
  }

  /** Marks the adapter connected and says so; `connect` calls it once the login is checked. */
  protected markConnected(): void {
    this.#connected = true;
    this.events.emit('connected');
  }

  #announce(order: Order): Order {
    this.events.emit('order', order);
    return order;
  }
}
