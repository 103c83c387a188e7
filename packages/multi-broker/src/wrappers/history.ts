import { BrokerDecorator, isTerminalStatus, silentLogger, type Broker, type Logger, type Order, type OrderFilterInput, type OrderRequestInput } from '@invest/broker-core';
import type { PortfolioHistory } from '../history/portfolio-history.ts';
import { markLayers } from './layers.ts';

export interface HistoryOptions {
  /** The broker's name in the manager (the history's `broker`). */
  name: string;
  history: PortfolioHistory;
  /**
   * Whether an order with this client order id was placed through the manager (e.g. the journal
   * knows it), for orders seen in a listing or an update. Orders sent through this wrapper always count.
   */
  placed?: (clientOrderId: string) => boolean;
  /** Where a failure to record goes (it never fails the call that showed the order). */
  logger?: Logger;
}

class HistoryBroker extends BrokerDecorator {
  readonly #sent = new Set<string>();

  constructor(inner: Broker, private readonly options: HistoryOptions) {
    super(inner);
    // Fills that arrive later (a resting order) come as order updates while the process runs.
    inner.events.on('order', (order) => this.#record([order]));
  }

  #record(orders: readonly Order[]): void {
    // An order placed is placed: a busy database must not turn its answer into an error (or
    // throw inside an event listener), so a failure to record is logged instead.
    try {
      const placed = orders.filter((o) => this.#sent.has(o.clientOrderId) || this.options.placed?.(o.clientOrderId));
      if (placed.length > 0) this.options.history.recordOrders(this.options.name, placed);
      // An order that ended fills no more: forgetting it keeps a long-running process's memory flat.
      for (const o of placed) if (isTerminalStatus(o.status)) this.#sent.delete(o.clientOrderId);
    } catch (error) {
      (this.options.logger ?? silentLogger).warn('portfolio history: could not record fills', { broker: this.options.name, error });
    }
  }

  override async submitOrder(input: OrderRequestInput): Promise<Order> {
    if (input.clientOrderId !== undefined) this.#sent.add(input.clientOrderId);
    const order = await this.inner.submitOrder(input);
    this.#sent.add(order.clientOrderId);
    this.#record([order]);
    return order;
  }

  override async listOrders(filter?: OrderFilterInput): Promise<Order[]> {
    const orders = await this.inner.listOrders(filter);
    this.#record(orders);
    return orders;
  }

  override async getOrder(id: string): Promise<Order> {
    const order = await this.inner.getOrder(id);
    this.#record([order]);
    return order;
  }

  override async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const order = await this.inner.findOrderByClientId(clientOrderId);
    if (order) this.#record([order]);
    return order;
  }
}

/**
 * Records the fills of the orders placed through `broker` in `history`: from each answer, from
 * order updates, and from any listing or lookup that shows an order `placed` says is ours (a limit
 * order that filled while no process ran is seen the next time orders are read).
 *
 * @example
 * ```ts
 * const broker = withHistory(sim, { name: 'paper', history, placed: (id) => journal.knows('paper', id) })
 * ```
 */
export function withHistory(broker: Broker, options: HistoryOptions): Broker {
  const wrapped = new HistoryBroker(broker, options);
  markLayers(wrapped, broker, { history: true });
  return wrapped;
}
