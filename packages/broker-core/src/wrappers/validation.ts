import { z } from 'zod';
import { InvalidOrderError, NotSupportedError } from '../errors/subclasses.ts';
import type { Broker } from '../broker.ts';
import type { Order, OrderFilterInput } from '../model/order.ts';
import { OrderFilterSchema } from '../model/order.ts';
import { OrderReplaceSchema, type OrderReplaceInput, type OrderRequestInput } from '../model/order-request.ts';
import { formatIssues, parseOrderRequest } from '../model/parse.ts';
import { symbolSchema } from '../model/primitives.ts';
import type { Quote } from '../model/account.ts';
import { assertSupported } from './capabilities-check.ts';
import { BrokerDecorator } from './decorator.ts';

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string, broker: string): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const first = formatIssues(result.error)[0] ?? { field: '(root)', message: 'is not valid' };
  throw new InvalidOrderError(`Invalid ${what}: ${first.field}: ${first.message}`, { field: first.field, broker, outcome: 'denied' });
}

class ValidatingBroker extends BrokerDecorator {
  override submitOrder(input: OrderRequestInput): Promise<Order> {
    try {
      const req = parseOrderRequest(input, { broker: this.type, clientOrderId: this.capabilities.clientOrderId });
      assertSupported(req, this.capabilities, this.type);
      return this.inner.submitOrder(req);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  override replaceOrder(id: string, changes: OrderReplaceInput): Promise<Order> {
    try {
      if (!this.capabilities.replace) {
        throw new NotSupportedError(`${this.type} does not support replacing orders`, { broker: this.type, capability: 'replace' });
      }
      parseOrThrow(orderId, id, 'order id', this.type);
      return this.inner.replaceOrder(id, parseOrThrow(OrderReplaceSchema, changes, 'replace', this.type));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  override getQuote(symbol: string): Promise<Quote> {
    try {
      return this.inner.getQuote(parseOrThrow(symbolSchema, symbol, 'symbol', this.type));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  override listOrders(filter?: OrderFilterInput): Promise<Order[]> {
    try {
      return this.inner.listOrders(parseOrThrow(OrderFilterSchema, filter ?? {}, 'order filter', this.type));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

const orderId = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });

/**
 * Validates every input at the edge and enforces capabilities before any I/O: a bad order is an
 * `InvalidOrderError` naming the field, an unsupported one a `NotSupportedError`, and in both
 * cases nothing reaches the adapter. Fills in a `clientOrderId` that fits the broker's rules.
 *
 * @example
 * ```ts
 * const broker = withValidation(adapter)
 * await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: -1 }) // InvalidOrderError: quantity ...
 * ```
 */
export function withValidation(broker: Broker): Broker {
  return new ValidatingBroker(broker);
}
