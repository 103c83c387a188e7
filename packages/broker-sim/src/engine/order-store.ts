import { InvalidOrderError, OrderNotFoundError } from '@invest/broker-core';
import { ClientIdIndex } from './client-id-index.ts';
import { OrderMap } from './order-map.ts';
import { PriceHeap } from './price-heap.ts';
import { Reservations } from './reservations.ts';
import type { SimOrder } from './sim-order.ts';

/**
 * Every order of the account and the sets the engine keeps them in: by id, by client order id,
 * open orders per symbol, orders waiting for the session to open, and day / opg / cls orders by
 * expiry.
 */
export class OrderStore {
  readonly orders = new OrderMap();
  /** Open orders per symbol. */
  readonly open = new Map<string, Set<SimOrder>>();
  /** Accepted orders that start working at the next (extended or regular) open. */
  readonly queued = new Set<SimOrder>();
  /** Orders that end at a time, by that time (then `seq`). */
  readonly expiries = new PriceHeap<SimOrder>();
  readonly #byClientId = new ClientIdIndex();
  /** What open orders hold back of buying power and shares, kept per change. */
  readonly reservations = new Reservations();
  /**
   * Orders changed since the state was last saved (set by a persisted store; undefined in memory,
   * where nothing needs to know).
   */
  touched: Set<SimOrder> | undefined;

  /** The order with this id; `OrderNotFoundError` otherwise. */
  get(id: string): SimOrder {
    const o = this.orders.get(id);
    if (!o) throw new OrderNotFoundError(`No order with id ${JSON.stringify(id)}`, { broker: 'sim' });
    return o;
  }

  byClientId(clientOrderId: string): SimOrder | undefined {
    return this.#byClientId.get(clientOrderId);
  }

  /** Files a new (or restored) order by id and client order id. */
  add(o: SimOrder): void {
    this.orders.set(o.order.id, o);
    this.#byClientId.set(o.order.clientOrderId, o);
  }

  trackOpen(o: SimOrder): void {
    let set = this.open.get(o.order.symbol);
    if (!set) this.open.set(o.order.symbol, (set = new Set()));
    set.add(o);
  }

  untrackOpen(o: SimOrder): void {
    this.open.get(o.order.symbol)?.delete(o);
  }

  hasOpenOrders(symbol: string): boolean {
    return (this.open.get(symbol)?.size ?? 0) > 0;
  }

  /** Open orders, oldest first. */
  openOrders(): SimOrder[] {
    const out: SimOrder[] = [];
    for (const set of this.open.values()) for (const o of set) out.push(o);
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** The number of the next generated client order id (`sim-NNNNNN`) after `last` that no order holds. */
  nextFreeClientSeq(last: number): number {
    // Usually the next number is free; a caller may have taken one by hand.
    let n = last + 1;
    while (this.#byClientId.getGenerated(n) !== undefined) n++;
    return n;
  }

  /** Refuses a client order id that an order of this account already holds. */
  assertClientIdFree(clientOrderId: string): void {
    const existing = this.#byClientId.get(clientOrderId);
    if (existing) {
      throw new InvalidOrderError(`Invalid order: clientOrderId: ${JSON.stringify(clientOrderId)} is already used by order ${existing.order.id}`, {
        field: 'clientOrderId', broker: 'sim', outcome: 'rejected',
      });
    }
  }
}
