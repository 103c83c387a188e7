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
  /** Open orders per symbol, in no particular order (each knows its place: `openAt`). */
  readonly open = new Map<string, SimOrder[]>();
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
    if (o.openAt >= 0) return;
    let list = this.open.get(o.order.symbol);
    if (!list) this.open.set(o.order.symbol, (list = []));
    o.openAt = list.length;
    list.push(o);
  }

  untrackOpen(o: SimOrder): void {
    if (o.openAt < 0) return;
    // O(1): the last open order of the symbol takes its place (the lists are kept in no order).
    const list = this.open.get(o.order.symbol) as SimOrder[];
    const last = list.pop() as SimOrder;
    if (o.openAt < list.length) {
      list[o.openAt] = last;
      last.openAt = o.openAt;
    }
    o.openAt = -1;
  }

  hasOpenOrders(symbol: string): boolean {
    return (this.open.get(symbol)?.length ?? 0) > 0;
  }

  /** Open orders, oldest first. */
  openOrders(): SimOrder[] {
    const out: SimOrder[] = [];
    for (const list of this.open.values()) for (const o of list) out.push(o);
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
