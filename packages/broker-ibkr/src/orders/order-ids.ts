import { ConnectionError } from '@invest/broker-core';

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
