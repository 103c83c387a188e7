import { LRUCache } from 'lru-cache';
import {
  applyOrderUpdate,
  orderReport,
  BrokerError,
  Decimal,
  isBrokerError,
  isTerminalStatus,
  type ApplyResult,
  type Fill,
  type Logger,
  type Order,
  type OrderUpdate,
} from '@invest/broker-core';
import type { Execution } from './map/trade-update.ts';

/** Where the tracker sends what it learns. */
export interface TrackerSink {
  order(order: Order): void;
  fill(fill: Fill): void;
  error(error: BrokerError): void;
}

/** Orders kept at most; the oldest finished ones are forgotten first. */
const DEFAULT_CAPACITY = 10_000;

/** Decimal places of a price worked out from two averages (a fill the stream never showed). */
const DERIVED_PRICE_PLACES = 6;

/**
 * The orders this process follows and the one place their state changes: every snapshot (a REST
 * answer, a reconciliation read) and every stream event goes through core's `applyOrderUpdate`,
 * so a stale snapshot never undoes a newer fill and a repeated event changes nothing.
 *
 * Fills are emitted from progress, not from messages: a fill event is emitted only for quantity
 * the order had not filled before, and once per execution id. Quantity that filled while the
 * stream was down (seen only in a snapshot) is emitted as one fill with id
 * `<orderId>:reconciled:<cumulative qty>` at the price the averages imply, so the fill events of
 * an order always add up to its filled quantity and none is ever counted twice.
 */
export class OrderTracker {
  readonly #orders = new Map<string, Order>();
  /** Leg id -> parent id (Alpaca's leg objects do not name their parent). */
  readonly #parents = new Map<string, string>();
  /** Execution ids counted, the oldest forgotten first (O(1) each, whatever the history). */
  readonly #executions: LRUCache<string, true>;
  readonly #sink: TrackerSink;
  readonly #log: Logger;
  readonly #capacity: number;
  #pruneAt: number;

  constructor(sink: TrackerSink, logger: Logger, capacity = DEFAULT_CAPACITY) {
    this.#sink = sink;
    this.#log = logger;
    this.#capacity = capacity;
    this.#executions = new LRUCache<string, true>({ max: capacity * 4 });
    this.#pruneAt = capacity;
  }

  /** The followed order with this id. */
  get(id: string): Order | undefined {
    return this.#orders.get(id);
  }

  /** The parent of a leg this tracker has seen. */
  parentOf(id: string): string | undefined {
    return this.#parents.get(id);
  }

  /** Ids of followed orders that are still working (reconciliation reads these back). */
  openIds(): string[] {
    return [...this.#orders.values()].filter((o) => !isTerminalStatus(o.status)).map((o) => o.id);
  }

  /** Number of followed orders. */
  get size(): number {
    return this.#orders.size;
  }

  /**
   * A snapshot from a REST answer (submit, replace, reconciliation). Starts following an order it
   * has not seen; otherwise applies it as a `report`. Returns the order as now known.
   */
  report(snapshot: Order): Order {
    return this.#ingest(snapshot, undefined, undefined);
  }

  /** A `trade_updates` event: applied as an `event`, falling back to a `report` when out of order. */
  event(snapshot: Order, update: OrderUpdate, execution?: Execution): Order {
    return this.#ingest(snapshot, update, execution);
  }

  #ingest(snapshot: Order, update: OrderUpdate | undefined, execution: Execution | undefined): Order {
    const parentId = snapshot.parentId ?? this.#parents.get(snapshot.id);
    const order = parentId !== undefined && snapshot.parentId === undefined ? { ...snapshot, parentId } : snapshot;
    for (const leg of order.legs ?? []) {
      this.#parents.set(leg.id, order.id);
      this.#ingest(leg, undefined, undefined);
    }
    const known = this.#orders.get(order.id);
    if (!known) {
      this.#store(order);
      this.#sink.order(order);
      this.#emitFills(order, 0, undefined, execution);
      return order;
    }
    const result = this.#apply(known, update ?? orderReport(order));
    if (!result || result.kind !== 'applied') return known;
    if (result.race) this.#log.info('order race', { orderId: order.id, from: known.status, to: result.order.status });
    const next = merge(order, result.order);
    this.#store(next);
    this.#sink.order(next);
    this.#emitFills(next, known.filledQuantity, known.averageFillPrice, execution);
    return next;
  }

  #apply(known: Order, given: OrderUpdate): ApplyResult | undefined {
    // Core reads any `quantity` on an update as a change; a repeat that restates the same quantity
    // must stay a repeat (`unchanged`), so it is left out when it says nothing new.
    const update = given.quantity !== undefined && given.quantity === known.quantity ? withoutQuantity(given) : given;
    try {
      return applyOrderUpdate(known, update);
    } catch (error) {
      if (update.kind === 'event') {
        // Events after a reconnect may arrive behind what a snapshot already showed: judged as a
        // snapshot, an old one is ignored instead of refused.
        this.#log.warn('order event out of order, read as a snapshot', { orderId: known.id, status: update.status });
        return this.#apply(known, { ...update, kind: 'report' });
      }
      this.#sink.error(isBrokerError(error) ? error : new BrokerError(`alpaca: order ${known.id} could not be updated`, { broker: 'alpaca', cause: error }));
      return undefined;
    }
  }

  #store(order: Order): void {
    this.#orders.delete(order.id);
    this.#orders.set(order.id, order);
    if (this.#orders.size <= this.#pruneAt) return;
    // Finished orders go first, oldest first; working ones are kept whatever their number. The
    // next pass waits until the map grew again, so pruning costs O(1) per order on average.
    for (const [id, o] of this.#orders) {
      if (this.#orders.size <= this.#capacity) break;
      if (isTerminalStatus(o.status)) {
        this.#orders.delete(id);
        this.#parents.delete(id);
      }
    }
    this.#pruneAt = Math.max(this.#capacity, Math.ceil(this.#orders.size * 1.25));
  }

  /** Emits the fills that took `order` from `beforeQty` (at `beforeAvg`) to its filled quantity now. */
  #emitFills(order: Order, beforeQty: number, beforeAvg: number | undefined, execution: Execution | undefined): void {
    const after = Decimal.from(order.filledQuantity);
    const before = Decimal.from(beforeQty);
    const delta = after.sub(before);
    if (delta.sign() <= 0) return;
    let real = Decimal.ZERO;
    if (execution && !this.#executions.has(execution.executionId)) {
      this.#executions.set(execution.executionId, true);
      const qty = Decimal.from(execution.quantity);
      real = qty.cmp(delta) <= 0 ? qty : delta;
    }
    const missing = delta.sub(real);
    const base = { orderId: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side };
    if (missing.sign() > 0) {
      const price = derivedPrice(order.averageFillPrice, after, beforeAvg, before, execution, real, missing);
      if (price === undefined) {
        this.#log.warn('fill without a price not emitted', { orderId: order.id, quantity: missing.toNumber() });
      } else {
        this.#sink.fill({ ...base, fillId: `${order.id}:reconciled:${after.toString()}`, quantity: missing.toNumber(), price, timestamp: order.updatedAt });
      }
    }
    if (execution && real.sign() > 0) {
      this.#sink.fill({ ...base, fillId: execution.executionId, quantity: real.toNumber(), price: execution.price, timestamp: execution.timestamp, raw: execution });
    }
  }
}

function withoutQuantity(update: OrderUpdate): OrderUpdate {
  const { quantity: _same, ...rest } = update;
  return rest;
}

/** The snapshot's description with the state the lifecycle accepted. */
function merge(snapshot: Order, applied: Order): Order {
  const next: Order = { ...snapshot, status: applied.status, filledQuantity: applied.filledQuantity, updatedAt: applied.updatedAt };
  if (applied.quantity !== undefined) next.quantity = applied.quantity;
  if (applied.averageFillPrice !== undefined) next.averageFillPrice = applied.averageFillPrice;
  if (applied.filledAt !== undefined) next.filledAt = applied.filledAt;
  if (applied.canceledAt !== undefined) next.canceledAt = applied.canceledAt;
  if (applied.parentId !== undefined && next.parentId === undefined) next.parentId = applied.parentId;
  return next;
}

/**
 * Price of quantity that filled unseen: what the averages say was paid in total, minus what was
 * seen, over the unseen quantity. Falls back to the new average when that is not a positive price.
 */
function derivedPrice(
  afterAvg: number | undefined,
  after: Decimal,
  beforeAvg: number | undefined,
  before: Decimal,
  execution: Execution | undefined,
  real: Decimal,
  missing: Decimal,
): number | undefined {
  if (afterAvg === undefined) return execution?.price;
  let paid = Decimal.from(afterAvg).mul(after);
  if (before.sign() > 0) {
    if (beforeAvg === undefined) return afterAvg;
    paid = paid.sub(Decimal.from(beforeAvg).mul(before));
  }
  if (execution && real.sign() > 0) paid = paid.sub(Decimal.from(execution.price).mul(real));
  const price = paid.div(missing, DERIVED_PRICE_PLACES);
  return price.sign() > 0 ? price.toNumber() : afterAvg;
}
