import type { Broker } from '../broker.ts';
import { isBrokerError } from '../errors/broker-error.ts';
import type { Logger } from '../logging/logger.ts';
import type { AccountInfo, Position, Quote } from '../model/account.ts';
import type { Order, OrderFilterInput } from '../model/order.ts';
import type { OrderReplaceInput, OrderRequestInput } from '../model/order-request.ts';
import { BrokerDecorator } from './decorator.ts';

class LoggingBroker extends BrokerDecorator {
  readonly #log: Logger;
  constructor(inner: Broker, logger: Logger) {
    super(inner);
    this.#log = logger.child({ broker: inner.name, type: inner.type });
  }
  async #call<T>(op: string, fields: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await fn();
      this.#log.debug(op, { ...fields, ms: Math.round(performance.now() - started) });
      return result;
    } catch (error) {
      this.#log.warn(`${op} failed`, {
        ...fields,
        ms: Math.round(performance.now() - started),
        error: isBrokerError(error) ? error.toJSON() : { message: String((error as Error)?.message ?? error) },
      });
      throw error;
    }
  }
  override getAccount(): Promise<AccountInfo> { return this.#call('getAccount', {}, () => this.inner.getAccount()); }
  override getPositions(): Promise<Position[]> { return this.#call('getPositions', {}, () => this.inner.getPositions()); }
  override getPosition(symbol: string): Promise<Position | undefined> { return this.#call('getPosition', { symbol }, () => this.inner.getPosition(symbol)); }
  override async submitOrder(req: OrderRequestInput): Promise<Order> {
    const order = await this.#call('submitOrder', { symbol: req?.symbol, side: req?.side, clientOrderId: req?.clientOrderId }, () => this.inner.submitOrder(req));
    this.#log.info('order submitted', { id: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol, status: order.status });
    return order;
  }
  override cancelOrder(id: string): Promise<void> { return this.#call('cancelOrder', { id }, () => this.inner.cancelOrder(id)); }
  override replaceOrder(id: string, c: OrderReplaceInput): Promise<Order> { return this.#call('replaceOrder', { id }, () => this.inner.replaceOrder(id, c)); }
  override getOrder(id: string): Promise<Order> { return this.#call('getOrder', { id }, () => this.inner.getOrder(id)); }
  override findOrderByClientId(id: string): Promise<Order | undefined> { return this.#call('findOrderByClientId', { clientOrderId: id }, () => this.inner.findOrderByClientId(id)); }
  override listOrders(filter?: OrderFilterInput): Promise<Order[]> { return this.#call('listOrders', { filter }, () => this.inner.listOrders(filter)); }
  override getQuote(symbol: string): Promise<Quote> { return this.#call('getQuote', { symbol }, () => this.inner.getQuote(symbol)); }
}

/**
 * Logs every call (debug), every failure (warn) and every accepted order (info) through a
 * redacting logger. Order payloads are not logged whole: only ids, symbol and side.
 *
 * @example
 * ```ts
 * const broker = withLogging(adapter, createLogger({ level: 'info' }))
 * ```
 */
export function withLogging(broker: Broker, logger: Logger): Broker {
  return new LoggingBroker(broker, logger);
}
