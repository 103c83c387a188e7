import { BrokerDecorator, parseOrderRequest, type Broker, type Order, type OrderFilterInput, type OrderRequestInput } from '@invest/broker-core';
import type { OrderJournal } from '../journal/journal.ts';
import { markLayers } from './layers.ts';

export interface JournalOptions {
  /** The broker's name in the manager (the journal's `broker` field, used to reconcile). */
  name: string;
  journal: OrderJournal;
}

class JournalBroker extends BrokerDecorator {
  constructor(inner: Broker, private readonly options: JournalOptions) {
    super(inner);
  }

  override async submitOrder(input: OrderRequestInput): Promise<Order> {
    const { name, journal } = this.options;
    const req = parseOrderRequest(input, { broker: this.type, clientOrderId: this.capabilities.clientOrderId });
    await journal.recordIntent(name, req);
    let order: Order;
    try {
      order = await this.inner.submitOrder(req);
    } catch (error) {
      // The inner broker's adapter already looked a lost answer up (submitWithRecovery): what it
      // says is final for this run, so it is recorded as it is and nothing here looks again.
      await journal.recordFailure(name, req.clientOrderId, error);
      throw error;
    }
    await journal.recordAccepted(name, order);
    return order;
  }

  // Every order the broker shows is a sighting: one the journal recorded `absent` is corrected.
  override async listOrders(filter?: OrderFilterInput): Promise<Order[]> {
    const orders = await this.inner.listOrders(filter);
    this.options.journal.observe(this.options.name, orders);
    return orders;
  }

  override async getOrder(id: string): Promise<Order> {
    const order = await this.inner.getOrder(id);
    this.options.journal.observe(this.options.name, [order]);
    return order;
  }

  override async findOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const order = await this.inner.findOrderByClientId(clientOrderId);
    if (order) this.options.journal.observe(this.options.name, [order]);
    return order;
  }
}

/**
 * Writes each order's intent to `journal` (fsync'd) before it is sent, then its outcome from what
 * the inner broker answers: `accepted`, or `denied` / `rejected` / `unknown` by the error's
 * outcome. An `UnknownOutcomeError` (even with `absent: true`) stays `unknown`, so the intent is
 * reconciled by lookup on the next start. It looks nothing up itself; every order the broker
 * lists or returns is shown to `journal.observe`, which corrects an `absent` that was wrong.
 *
 * @example
 * ```ts
 * const broker = withJournal(withRisk(sim, { name: 'paper', settings: {} }), { name: 'paper', journal: await OrderJournal.open(path) })
 * ```
 */
export function withJournal(broker: Broker, options: JournalOptions): Broker {
  const wrapped = new JournalBroker(broker, options);
  markLayers(wrapped, broker, { journal: true });
  return wrapped;
}
