import { z } from 'zod';
import { NotSupportedError } from '../errors/subclasses.ts';
import type { Broker, BrokerAdapter } from '../broker.ts';
import type { Position, Quote } from '../model/account.ts';
import { OrderFilterSchema, type Order, type OrderFilterInput } from '../model/order.ts';
import { OrderReplaceSchema, type OrderReplaceInput, type OrderRequestInput } from '../model/order-request.ts';
import { parseInput, parseOrderRequest, type ParseOrderOptions } from '../model/parse.ts';
import { symbolSchema } from '../model/primitives.ts';
import { assertSupported } from './capabilities-check.ts';
import { BrokerDecorator } from './decorator.ts';

const orderId = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });

/**
 * The edge between callers and an adapter. Every input is parsed here, once, and capabilities are
 * checked before the adapter is called; the adapter receives trusted values. What takes no input
 * is forwarded by `BrokerDecorator`.
 */
class ValidatingBroker extends BrokerDecorator {
  readonly adapter: BrokerAdapter;
  /** How orders are parsed for this adapter (its id rules and id maker), made once. */
  readonly #orderOptions: ParseOrderOptions;

  constructor(adapter: BrokerAdapter) {
    // Every method that takes input is overridden below and calls `adapter` with parsed values;
    // the decorator forwards the rest, whose signatures the two types share.
    super(adapter);
    this.adapter = adapter;
    const generateId = adapter.generateClientOrderId?.bind(adapter);
    this.#orderOptions = { broker: adapter.type, clientOrderId: adapter.capabilities.clientOrderId, ...(generateId ? { generateId } : {}) };
  }

  override getPosition(symbol: string): Promise<Position | undefined> {
    return this.#edge(() => this.adapter.getPosition(this.#symbol(symbol)));
  }

  override submitOrder(input: OrderRequestInput): Promise<Order> {
    return this.#edge(() => {
      const req = parseOrderRequest(input, this.#orderOptions);
      assertSupported(req, this.capabilities, this.type);
      return this.adapter.submitOrder(req);
    });
  }

  override cancelOrder(id: string): Promise<void> {
    return this.#edge(() => this.adapter.cancelOrder(this.#id(id)));
  }

  override replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> {
    return this.#edge(() => {
      if (!this.capabilities.replace) {
        throw new NotSupportedError(`${this.type} does not support replacing orders`, { broker: this.type, capability: 'replace' });
      }
      const orderIdValue = this.#id(id);
      return this.adapter.replaceOrder(orderIdValue, parseInput(OrderReplaceSchema, changes, 'replace', { broker: this.type }));
    });
  }

  override getOrder(id: string): Promise<Order> {
    return this.#edge(() => this.adapter.getOrder(this.#id(id)));
  }

  override findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    return this.#edge(() => this.adapter.findOrderByClientId(parseInput(orderId, clientOrderId, 'client order id', { broker: this.type, field: 'clientOrderId' })));
  }

  override getQuote(symbol: string): Promise<Quote> {
    return this.#edge(() => this.adapter.getQuote(this.#symbol(symbol)));
  }

  override listOrders(filter?: OrderFilterInput): Promise<Order[]> {
    return this.#edge(() => this.adapter.listOrders(parseInput(OrderFilterSchema, filter ?? {}, 'order filter', { broker: this.type })));
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
