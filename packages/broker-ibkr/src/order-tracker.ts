import { LRUCache } from 'lru-cache';
import {
  applyOrderUpdate,
  orderReport,
  BrokerError,
  isBrokerError,
  isTerminalStatus,
  type ApplyResult,
  type Fill,
  type Logger,
  type Order,
  type OrderUpdate,
} from '@invest/broker-core';

/** Where the tracker sends what it learns. */
export interface TrackerSink {
  order(order: Order): void;
  fill(fill: Fill): void;
  error(error: BrokerError): void;
  /** A finished order was dropped to bound memory (the adapter drops what it kept beside it). */
  forget?(id: string): void;
}

/** Orders kept at most; the oldest finished ones are forgotten first. */
const DEFAULT_CAPACITY = 10_000;

/** Executions remembered for de-duplication at most (oldest forgotten first). */
const EXECUTION_MEMORY = 50_000;

/**
 * The orders this connection placed and the one place their state changes: openOrder snapshots
 * and reconciliation reads are `report`s, orderStatus messages are `event`s, and both go through
 * core's `applyOrderUpdate` (so a late snapshot never undoes a fill, and a fill after a cancel
 * follows the race rules). Fill events come from executions, once per execId: a duplicated
 * execDetails is counted once.
 */
export class OrderTracker {
  readonly #orders = new Map<string, Order>();
  readonly #byRef = new Map<string, string>();
  /** Execution ids counted, the oldest forgotten first (O(1) each, whatever the history). */
  readonly #executions = new LRUCache<string, true>({ max: EXECUTION_MEMORY });
  readonly #sink: TrackerSink;
  readonly #log: Logger;
  readonly #capacity: number;
  #pruneAt: number;

  constructor(sink: TrackerSink, logger: Logger, capacity = DEFAULT_CAPACITY) {
    this.#sink = sink;
    this.#log = logger;
    this.#capacity = capacity;
    this.#pruneAt = capacity;
  }

  get(id: string): Order | undefined {
    return this.#orders.get(id);
  }

  /** The order carrying this client order id (orderRef). */
  byClientOrderId(clientOrderId: string): Order | undefined {
    const id = this.#byRef.get(clientOrderId);
    return id === undefined ? undefined : this.#orders.get(id);
  }

  all(): Order[] {
    return [...this.#orders.values()];
  }

  /** Ids of followed orders still working. */
  openIds(): string[] {
    return this.all().filter((o) => !isTerminalStatus(o.status)).map((o) => o.id);
  }

  /** True once this execution id was counted. */
  hasExecution(execId: string): boolean {
    return this.#executions.has(execId);
  }

  /**
   * A snapshot (openOrder, a submit's answer, a reconciliation read): starts following an order,
   * or applies it as a report. A changed description (a modify's new price) is kept even when the
   * state is unchanged. Returns the order as now known.
   */
  report(snapshot: Order): Order {
    const known = this.#orders.get(snapshot.id);
    if (!known) {
      this.#store(snapshot);
      this.#sink.order(snapshot);
      return snapshot;
    }
    const result = this.#apply(known, orderReport(snapshot));
    const applied = result?.kind === 'applied' ? result.order : known;
    const next = merge(snapshot, applied, known);
    if (result?.kind === 'applied' || describedDifferently(known, next)) {
      if (result?.kind === 'applied' && result.race) this.#log.info('order race', { orderId: known.id, from: known.status, to: next.status });
      this.#store(next);
      this.#sink.order(next);
      return next;
    }
    return known;
  }

  /** An orderStatus for a followed order, applied as an event (as a report when out of order). */
  event(id: string, update: OrderUpdate): Order | undefined {
    const known = this.#orders.get(id);
    if (!known) return undefined;
    const result = this.#apply(known, update);
    if (result?.kind !== 'applied') return known;
    if (result.race) this.#log.info('order race', { orderId: id, from: known.status, to: result.order.status });
    this.#store(result.order);
    this.#sink.order(result.order);
    return result.order;
  }

  /** Emits a fill for an execution not counted before; false for a repeat. */
  fill(fill: Fill): boolean {
    if (this.#executions.has(fill.fillId)) return false;
    this.#executions.set(fill.fillId, true);
    this.#sink.fill(fill);
    return true;
  }

  #store(order: Order): void {
    this.#orders.delete(order.id);
    this.#orders.set(order.id, order);
    this.#byRef.set(order.clientOrderId, order.id);
    if (this.#orders.size <= this.#pruneAt) return;
    // Finished orders go first, least recently changed first; working ones are kept whatever
    // their number. The next pass waits until the map grew again: O(1) per order on average.
    for (const [id, o] of this.#orders) {
      if (this.#orders.size <= this.#capacity) break;
      if (!isTerminalStatus(o.status)) continue;
      this.#orders.delete(id);
      if (this.#byRef.get(o.clientOrderId) === id) this.#byRef.delete(o.clientOrderId);
      this.#sink.forget?.(id);
    }
    this.#pruneAt = Math.max(this.#capacity, Math.ceil(this.#orders.size * 1.25));
  }

  #apply(known: Order, update: OrderUpdate): ApplyResult | undefined {
    try {
      return applyOrderUpdate(known, update);
    } catch (error) {
      if (update.kind === 'event') {
        // After a reconnect, TWS's messages may arrive behind what a reconciliation read already
        // showed: judged as a snapshot, an old one is ignored instead of refused.
        this.#log.warn('order status out of order, read as a snapshot', { orderId: known.id, status: update.status });
        return this.#apply(known, { ...update, kind: 'report' });
      }
      this.#sink.error(isBrokerError(error) ? error : new BrokerError(`ibkr: order ${known.id} could not be updated`, { broker: 'ibkr', cause: error }));
      return undefined;
    }
  }
}

/** The snapshot's description with the state the lifecycle accepted, keeping when it was first seen. */
function merge(snapshot: Order, applied: Order, known: Order): Order {
  const next: Order = { ...snapshot, status: applied.status, filledQuantity: applied.filledQuantity, updatedAt: applied.updatedAt, createdAt: known.createdAt };
  if (applied.quantity !== undefined) next.quantity = applied.quantity;
  if (applied.averageFillPrice !== undefined) next.averageFillPrice = applied.averageFillPrice;
  else delete next.averageFillPrice;
  if (applied.filledAt !== undefined) next.filledAt = applied.filledAt;
  if (applied.canceledAt !== undefined) next.canceledAt = applied.canceledAt;
  return next;
}

const DESCRIPTION: readonly (keyof Order)[] = ['quantity', 'limitPrice', 'stopPrice', 'trailPrice', 'trailPercent', 'timeInForce'];

function describedDifferently(a: Order, b: Order): boolean {
  return DESCRIPTION.some((field) => a[field] !== b[field]);
}
