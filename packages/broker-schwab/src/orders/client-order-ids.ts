import type { OrderRequest } from '@invest/broker-core';

/** An order sent whose answer was lost: what it asked for and when it went out. */
export interface PendingOrder {
  req: OrderRequest;
  sentAt: number;
}

/**
 * The client order ids of this process. Schwab and TD keep none, so the adapter remembers which
 * id it gave which order (for `getOrder`, `listOrders` and `findOrderByClientId`), and which sends
 * are still unresolved (for a later lookup by matching recent orders). In memory, the last
 * `LIMIT` orders: another process (or an order forgotten) shows the broker's order id as its client id.
 *
 * @example
 * ```ts
 * ids.record('inv-7Qm2', '1000001234')
 * ids.clientIdOf('1000001234') // 'inv-7Qm2'
 * ```
 */
export class ClientOrderIds {
  /** How many placed orders are remembered; the oldest are forgotten first (a process that runs for months must not grow without end). */
  static readonly LIMIT = 50_000;
  readonly #byClient = new Map<string, string>();
  readonly #byOrder = new Map<string, string>();
  readonly #pending = new Map<string, PendingOrder>();

  /** Links a client order id to the broker's order id; the send is resolved. */
  record(clientOrderId: string, orderId: string): void {
    this.#byClient.set(clientOrderId, orderId);
    this.#byOrder.set(orderId, clientOrderId);
    this.#pending.delete(clientOrderId);
    if (this.#byClient.size > ClientOrderIds.LIMIT) {
      const [oldClient, oldOrder] = this.#byClient.entries().next().value as [string, string];
      this.#byClient.delete(oldClient);
      this.#byOrder.delete(oldOrder);
    }
  }

  /** Marks a send as under way (until `record`). */
  sending(clientOrderId: string, pending: PendingOrder): void {
    this.#pending.set(clientOrderId, pending);
  }

  /** The send was refused (nothing placed): nothing to look for later. */
  refused(clientOrderId: string): void {
    this.#pending.delete(clientOrderId);
  }

  orderIdOf(clientOrderId: string): string | undefined {
    return this.#byClient.get(clientOrderId);
  }

  clientIdOf(orderId: string): string | undefined {
    return this.#byOrder.get(orderId);
  }

  pending(clientOrderId: string): PendingOrder | undefined {
    return this.#pending.get(clientOrderId);
  }

  /** Ids of the orders this process placed and identified: never the lost one. */
  get known(): ReadonlySet<string> {
    return new Set(this.#byOrder.keys());
  }
}
