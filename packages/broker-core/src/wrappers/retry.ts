import type { Broker } from '../broker.ts';
import { systemClock, type Clock } from '../clock.ts';
import { isBrokerError } from '../errors/broker-error.ts';
import type { AccountInfo, Position, Quote } from '../model/account.ts';
import type { Order, OrderFilterInput } from '../model/order.ts';
import { BrokerDecorator } from './decorator.ts';

export interface RetryOptions {
  /** Attempts after the first. Default 3. */
  retries?: number;
  /** First backoff, doubled each time with full jitter. Default 200 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  clock?: Clock;
  /** Random source in [0, 1) for jitter (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Runs `fn` again after a retryable `BrokerError`, waiting the error's `retryAfterMs` where it
 * gives one, else exponential backoff with jitter. Only for calls that are safe to repeat.
 *
 * @example
 * ```ts
 * const account = await retryIdempotent(() => broker.getAccount(), { retries: 2 })
 * ```
 */
export async function retryIdempotent<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 3;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= retries || !isBrokerError(error) || !error.retryable) throw error;
      const backoff = Math.min(max, base * 2 ** attempt) * random();
      await clock.sleep(Math.max(error.retryAfterMs ?? 0, backoff));
    }
  }
}

class RetryingBroker extends BrokerDecorator {
  constructor(inner: Broker, private readonly options: RetryOptions) {
    super(inner);
  }
  #retry<T>(fn: () => Promise<T>): Promise<T> {
    return retryIdempotent(fn, this.options);
  }
  override getAccount(): Promise<AccountInfo> { return this.#retry(() => this.inner.getAccount()); }
  override getPositions(): Promise<Position[]> { return this.#retry(() => this.inner.getPositions()); }
  override getPosition(symbol: string): Promise<Position | undefined> { return this.#retry(() => this.inner.getPosition(symbol)); }
  override getOrder(id: string): Promise<Order> { return this.#retry(() => this.inner.getOrder(id)); }
  override findOrderByClientId(id: string): Promise<Order | undefined> { return this.#retry(() => this.inner.findOrderByClientId(id)); }
  override listOrders(filter?: OrderFilterInput): Promise<Order[]> { return this.#retry(() => this.inner.listOrders(filter)); }
  override getQuote(symbol: string): Promise<Quote> { return this.#retry(() => this.inner.getQuote(symbol)); }
  /** Cancelling twice is harmless: a second cancel of a canceled order changes nothing. */
  override cancelOrder(id: string): Promise<void> { return this.#retry(() => this.inner.cancelOrder(id)); }
  // submitOrder and replaceOrder are deliberately not retried: a lost answer is resolved by lookup.
}

/**
 * Retries reads and cancels on retryable errors. `submitOrder` and `replaceOrder` pass through
 * untouched: sending an order twice is how duplicates happen.
 *
 * @example
 * ```ts
 * const broker = withRetry(adapter, { retries: 3 })
 * ```
 */
export function withRetry(broker: Broker, options: RetryOptions = {}): Broker {
  return new RetryingBroker(broker, options);
}
