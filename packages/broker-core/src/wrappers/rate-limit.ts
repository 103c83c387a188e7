import type { Broker } from '../broker.ts';
import type { AccountInfo, Position, Quote } from '../model/account.ts';
import type { Order, OrderFilterInput } from '../model/order.ts';
import type { OrderReplaceInput, OrderRequestInput } from '../model/order-request.ts';
import type { RateLimiter } from '../rate-limit/limiter.ts';
import { BrokerDecorator } from './decorator.ts';

class RateLimitedBroker extends BrokerDecorator {
  constructor(inner: Broker, private readonly limiter: RateLimiter) {
    super(inner);
  }
  async #take<T>(fn: () => Promise<T>): Promise<T> {
    await this.limiter.acquire();
    return fn();
  }
  override getAccount(): Promise<AccountInfo> { return this.#take(() => this.inner.getAccount()); }
  override getPositions(): Promise<Position[]> { return this.#take(() => this.inner.getPositions()); }
  override getPosition(symbol: string): Promise<Position | undefined> { return this.#take(() => this.inner.getPosition(symbol)); }
  override submitOrder(req: OrderRequestInput): Promise<Order> { return this.#take(() => this.inner.submitOrder(req)); }
  override cancelOrder(id: string): Promise<void> { return this.#take(() => this.inner.cancelOrder(id)); }
  override replaceOrder(id: string, c: OrderReplaceInput): Promise<Order> { return this.#take(() => this.inner.replaceOrder(id, c)); }
  override getOrder(id: string): Promise<Order> { return this.#take(() => this.inner.getOrder(id)); }
  override findOrderByClientId(id: string): Promise<Order | undefined> { return this.#take(() => this.inner.findOrderByClientId(id)); }
  override listOrders(filter?: OrderFilterInput): Promise<Order[]> { return this.#take(() => this.inner.listOrders(filter)); }
  override getQuote(symbol: string): Promise<Quote> { return this.#take(() => this.inner.getQuote(symbol)); }
}

/**
 * Takes one grant from `limiter` before every call. Give brokers on the same account the same
 * limiter (`sharedRateLimiter(key, rules)`) and they share one budget. HTTP adapters limit per
 * request inside the http toolkit instead, where one call may be several requests.
 *
 * @example
 * ```ts
 * const broker = withRateLimit(adapter, sharedRateLimiter('alpaca:PK123', [{ limit: 200, windowMs: 60_000 }]))
 * ```
 */
export function withRateLimit(broker: Broker, limiter: RateLimiter): Broker {
  return new RateLimitedBroker(broker, limiter);
}
