import { ConnectionError, OrderNotFoundError } from '@invest/broker-core';

/**
 * Order ids of one API client: from `nextValidId`, always above every id seen in openOrder,
 * orderStatus and execDetails, and never handed out twice by this instance, across reconnects
 * and TWS restarts (a restart may announce a lower or a higher next id; the higher wins).
 *
 * @example
 * ```ts
 * const ids = new OrderIds()
 * ids.nextValid(100)
 * ids.take() // 100
 * ids.seen(140)
 * ids.take() // 141
 * ```
 */
export class OrderIds {
  #next = 0;

  /** TWS's `nextValidId`. */
  nextValid(id: number): void {
    if (id > this.#next) this.#next = id;
  }

  /** An id TWS reported for an order: the next one must be above it. */
  seen(id: number): void {
    if (id >= this.#next && id > 0) this.#next = id + 1;
  }

  /** The next id, used up. Throws before the first `nextValidId`. */
  take(): number {
    if (this.#next <= 0) throw new ConnectionError('ibkr: no order id yet (TWS has not sent nextValidId)', { broker: 'ibkr', outcome: 'denied' });
    return this.#next++;
  }

  /** The id `take` would give next (0 before nextValidId). */
  peek(): number {
    return this.#next;
  }
}

/**
 * An IB order id from its text: a positive 32-bit integer, or `OrderNotFoundError` (outcome
 * denied: no order can have it, and nothing is asked of TWS).
 *
 * @example
 * ```ts
 * ibkrOrderId('12') // 12
 * ```
 */
export function ibkrOrderId(id: string): number {
  if (!/^\d{1,10}$/.test(id) || Number(id) <= 0 || Number(id) > 2_147_483_647) {
    throw new OrderNotFoundError(`ibkr: no order ${id} (IB order ids are positive integers)`, { broker: 'ibkr', outcome: 'denied' });
  }
  return Number(id);
}
