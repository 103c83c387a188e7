import type { EventEmitter } from 'eventemitter3';
import type { Broker, BrokerEvents } from '../broker.ts';
import type { AccountInfo, Position, Quote } from '../model/account.ts';
import type { Capabilities } from '../model/capabilities.ts';
import type { Order, OrderFilterInput } from '../model/order.ts';
import type { OrderReplaceInput, OrderRequestInput } from '../model/order-request.ts';

/**
 * A Broker that forwards every call to `inner`. Wrappers extend it and override only what they
 * change, so name, type, capabilities, events and connection state always come from the adapter.
 */
export class BrokerDecorator implements Broker {
  constructor(protected readonly inner: Broker) {}
  get name(): string { return this.inner.name; }
  get type(): string { return this.inner.type; }
  get capabilities(): Capabilities { return this.inner.capabilities; }
  get events(): EventEmitter<BrokerEvents> { return this.inner.events; }
  get connected(): boolean { return this.inner.connected; }
  connect(): Promise<void> { return this.inner.connect(); }
  disconnect(): Promise<void> { return this.inner.disconnect(); }
  getAccount(): Promise<AccountInfo> { return this.inner.getAccount(); }
  getPositions(): Promise<Position[]> { return this.inner.getPositions(); }
  getPosition(symbol: string): Promise<Position | undefined> { return this.inner.getPosition(symbol); }
  submitOrder(request: OrderRequestInput): Promise<Order> { return this.inner.submitOrder(request); }
  cancelOrder(id: string): Promise<void> { return this.inner.cancelOrder(id); }
  replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> { return this.inner.replaceOrder(id, changes); }
  getOrder(id: string): Promise<Order> { return this.inner.getOrder(id); }
  findOrderByClientId(clientOrderId: string): Promise<Order | undefined> { return this.inner.findOrderByClientId(clientOrderId); }
  listOrders(filter?: OrderFilterInput): Promise<Order[]> { return this.inner.listOrders(filter); }
  getQuote(symbol: string): Promise<Quote> { return this.inner.getQuote(symbol); }
}

/** A `Broker -> Broker` function. */
export type BrokerWrapper = (broker: Broker) => Broker;

/**
 * Applies wrappers left to right: the first is innermost.
 *
 * @example
 * ```ts
 * const safe = composeBroker(adapter, withValidation, (b) => withRetry(b), (b) => withLogging(b, log))
 * ```
 */
export function composeBroker(broker: Broker, ...wrappers: BrokerWrapper[]): Broker {
  return wrappers.reduce((b, wrap) => wrap(b), broker);
}
