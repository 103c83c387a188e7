import { systemClock, type Clock } from '../clock.ts';
import { UnknownOutcomeError } from '../errors/subclasses.ts';
import type { Order } from '../model/order.ts';

export interface ResolveUnknownOptions {
  /** Lookups before giving up. Default 5. */
  attempts?: number;
  /** Wait before the first lookup, doubled after each. Default 250 ms. */
  delayMs?: number;
  clock?: Clock;
  broker?: string;
}

/**
 * Settles an order whose submission had an unknown outcome by looking it up (never by sending it
 * again). Resolves with the order when found. When every lookup says it does not exist, it
 * rejects with the original `UnknownOutcomeError` (or a new one) whose message says the order
 * was not found after N lookups: the caller decides, knowing a lost order may still appear.
 * Errors from the lookup itself count as "no answer" and the next attempt runs.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (e instanceof UnknownOutcomeError) return resolveUnknownOutcome(e.clientOrderId, (id) => broker.findOrderByClientId(id))
 * }
 * ```
 */
export async function resolveUnknownOutcome(
  clientOrderId: string,
  lookup: (clientOrderId: string) => Promise<Order | undefined>,
  options: ResolveUnknownOptions & { cause?: unknown } = {},
): Promise<Order> {
  const attempts = options.attempts ?? 5;
  const clock = options.clock ?? systemClock;
  let delay = options.delayMs ?? 250;
  let lastError: unknown;
  let absent = 0;
  for (let i = 0; i < attempts; i++) {
    await clock.sleep(delay);
    delay *= 2;
    try {
      const order = await lookup(clientOrderId);
      if (order) return order;
      absent += 1;
    } catch (error) {
      lastError = error;
    }
  }
  throw new UnknownOutcomeError(
    `Order ${clientOrderId}: the answer to its submission was lost and ${absent} of ${attempts} lookups found no such order; it was not sent again`,
    { clientOrderId, broker: options.broker, cause: lastError ?? options.cause },
  );
}
