import { z } from 'zod';
import { EventEmitter } from 'eventemitter3';
import { NotSupportedError } from '../errors/subclasses.ts';
import type { Broker, BrokerAdapter, BrokerEvents } from '../broker.ts';
import type { AccountInfo, Position, Quote } from '../model/account.ts';
import type { Capabilities } from '../model/capabilities.ts';
import { OrderFilterSchema, type Order, type OrderFilterInput } from '../model/order.ts';
import { OrderReplaceSchema, type OrderReplaceInput, type OrderRequestInput } from '../model/order-request.ts';
import { parseInput, parseOrderRequest } from '../model/parse.ts';
import { symbolSchema } from '../model/primitives.ts';
import { assertSupported } from './capabilities-check.ts';

const orderId = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });

/**
 * The edge between callers and an adapter. Every input is parsed here, once, and capabilities are
 * checked before the adapter is called; the adapter receives trusted values.
 */
class ValidatingBroker implements Broker {
  constructor(readonly inner: BrokerAdapter) {}
  get name(): string { return this.inner.name; }
  get type(): string { return this.inner.type; }
  get capabilities(): Capabilities { return this.inner.capabilities; }
  get events(): EventEmitter<BrokerEvents> { return this.inner.events; }
  get connected(): boolean { return this.inner.connected; }
  connect(): Promise<void> { return this.inner.connect(); }
  disconnect(): Promise<void> { return this.inner.disconnect(); }
  getAccount(): Promise<AccountInfo> { return this.inner.getAccount(); }
  getPositions(): Promise<Position[]> { return this.inner.getPositions(); }

  getPosition(symbol: string): Promise<Position | undefined> {
    return this.#edge(() => this.inner.getPosition(this.#symbol(symbol)));
  }

  submitOrder(input: OrderRequestInput): Promise<Order> {
    return this.#edge(() => {
      const generateId = this.inner.generateClientOrderId?.bind(this.inner);
      const req = parseOrderRequest(input, { broker: this.type, clientOrderId: this.capabilities.clientOrderId, ...(generateId ? { generateId } : {}) });
      assertSupported(req, this.capabilities, this.type);
      return this.inner.submitOrder(req);
    });
  }

  cancelOrder(id: string): Promise<void> {
    return this.#edge(() => this.inner.cancelOrder(this.#id(id)));
  }

  replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> {
    return this.#edge(() => {
      if (!this.capabilities.replace) {
        throw new NotSupportedError(`${this.type} does not support replacing orders`, { broker: this.type, capability: 'replace' });
      }
      const orderIdValue = this.#id(id);
      return this.inner.replaceOrder(orderIdValue, parseInput(OrderReplaceSchema, changes, 'replace', { broker: this.type }));
    });
  }

  getOrder(id: string): Promise<Order> {
    return this.#edge(() => this.inner.getOrder(this.#id(id)));
  }

  findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    return this.#edge(() => this.inner.findOrderByClientId(parseInput(orderId, clientOrderId, 'client order id', { broker: this.type, field: 'clientOrderId' })));
  }

  getQuote(symbol: string): Promise<Quote> {
    return this.#edge(() => this.inner.getQuote(this.#symbol(symbol)));
  }

  listOrders(filter?: OrderFilterInput): Promise<Order[]> {
    return this.#edge(() => this.inner.listOrders(parseInput(OrderFilterSchema, filter ?? {}, 'order filter', { broker: this.type })));
  }

  #symbol(symbol: unknown): string {
    return parseInput(symbolSchema, symbol, 'symbol', { broker: this.type, field: 'symbol' });
  }

  #id(id: unknown): string {
    return parseInput(orderId, id, 'order id', { broker: this.type, field: 'id' });
  }

  /** A refusal at the edge is a rejected promise, like every other answer of a Broker. */
  #edge<T>(call: () => Promise<T>): Promise<T> {
    try {
      return call();
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * The edge: parses every input once and enforces capabilities before any I/O, so the adapter
 * receives trusted values. A bad order is an `InvalidOrderError` naming the field, an unsupported
 * one a `NotSupportedError`, and in both cases nothing reaches the adapter. Fills in a
 * `clientOrderId` that fits the broker's rules. `BrokerRegistry.create` applies it to every
 * broker it makes; wrapping a broker that already has it returns that broker.
 *
 * @example
 * ```ts
 * const broker = withValidation(adapter)
 * await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: -1 }) // InvalidOrderError: quantity ...
 * ```
 */
export function withValidation(adapter: BrokerAdapter | Broker): Broker {
  return adapter instanceof ValidatingBroker ? adapter : new ValidatingBroker(adapter);
}
