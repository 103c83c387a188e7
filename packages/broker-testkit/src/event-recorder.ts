import { isBrokerError, type Broker, type Fill, type Order } from '@invest/broker-core';
import { orderEventProblems, type OrderEventView } from './event-check.ts';
import { describeError, fail } from './failure.ts';
import { EPSILON, expectValidFill, expectValidOrder } from './validators.ts';

/**
 * Listens to a broker's `order`, `fill` and `error` events for the length of one case and checks
 * them: every event schema-valid, every order's sequence legal under the lifecycle table, fill ids
 * unique, fills never above the order quantity, errors always `BrokerError`s.
 */
export class EventRecorder {
  /** Order events as they arrived (copied at arrival, so later mutation by the broker cannot hide a step). */
  readonly orders: OrderEventView[] = [];
  readonly fills: Fill[] = [];
  readonly problems: string[] = [];
  readonly #events: Broker['events'];
  readonly #onOrder = (order: Order): void => {
    try {
      expectValidOrder(order, `order event #${this.orders.length + 1}`);
      const view: OrderEventView = { id: order.id, clientOrderId: order.clientOrderId, status: order.status, filledQuantity: order.filledQuantity };
      if (order.quantity !== undefined) view.quantity = order.quantity;
      this.orders.push(view);
    } catch (error) {
      this.problems.push((error as Error).message);
    }
  };
  readonly #onFill = (fill: Fill): void => {
    try {
      expectValidFill(fill, `fill event #${this.fills.length + 1}`);
      this.fills.push({ ...fill });
    } catch (error) {
      this.problems.push((error as Error).message);
    }
  };
  readonly #onError = (error: unknown): void => {
    if (!isBrokerError(error)) this.problems.push(`error event carried something other than a BrokerError: ${describeError(error)}`);
  };

  constructor(events: Broker['events']) {
    this.#events = events;
    events.on('order', this.#onOrder);
    events.on('fill', this.#onFill);
    events.on('error', this.#onError);
  }

  /** Stops listening. */
  dispose(): void {
    this.#events.off('order', this.#onOrder);
    this.#events.off('fill', this.#onFill);
    this.#events.off('error', this.#onError);
  }

  /** Order events for one order id, in arrival order. */
  eventsFor(id: string): OrderEventView[] {
    return this.orders.filter((o) => o.id === id);
  }

  /** Sum of fill-event quantities for one order id. */
  filledByEvents(orderId: string): number {
    return this.fills.filter((f) => f.orderId === orderId).reduce((sum, f) => sum + f.quantity, 0);
  }

  /** Every problem seen so far; empty when the events were legal. */
  allProblems(): string[] {
    const out = [...this.problems, ...orderEventProblems(this.orders)];
    const ids = new Set<string>();
    for (const fill of this.fills) {
      if (ids.has(fill.fillId)) out.push(`fill ${fill.fillId} was reported twice`);
      ids.add(fill.fillId);
    }
    const quantities = new Map<string, number>();
    for (const o of this.orders) if (o.quantity !== undefined) quantities.set(o.id, o.quantity);
    for (const [orderId, quantity] of quantities) {
      const filled = this.filledByEvents(orderId);
      if (filled > quantity + EPSILON) out.push(`fill events for order ${orderId} add up to ${filled}, above its quantity ${quantity}`);
    }
    return out;
  }

  /**
   * Throws `ConformanceFailure` listing every problem.
   *
   * @example
   * ```ts
   * recorder.assertLegal()
   * ```
   */
  assertLegal(): void {
    const problems = this.allProblems();
    if (problems.length > 0) fail(`illegal event sequence: ${problems.join('; ')}`);
  }
}
