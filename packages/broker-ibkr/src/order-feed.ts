import type { EventEmitter } from 'eventemitter3';
import { EventName, type CommissionReport, type Contract, type Execution, type IBApi, type Order as IbOrderRaw, type OrderState, type OrderStatus as IbStatusName } from '@stoqey/ib';
import { isTerminalStatus, type BrokerError, type BrokerEvents, type Clock, type Logger, type OrderUpdate } from '@invest/broker-core';
import { toCoreFill } from './map/fill.ts';
import { linkOf, toCoreOrder, type IbProgress, type OrderLink } from './map/order.ts';
import { toCoreStatus } from './map/status.ts';
import { ibTimeToIso } from './map/timestamp.ts';
import type { OrderTracker } from './order-tracker.ts';
import type { OrderIds } from './orders/order-ids.ts';
import { decodeMessage } from './schemas/decode.ts';
import { IbCommissionSchema, IbExecutionSchema, type IbExecution } from './schemas/execution.ts';
import { IbOpenOrderSchema, type IbOpenOrder } from './schemas/open-order.ts';
import { IbOrderStatusSchema, type IbOrderStatus } from './schemas/order-status.ts';
import type { ExecutionRecord } from './tws/reads.ts';

/** The progress of an order no orderStatus was seen for yet. */
const NO_PROGRESS: IbProgress = Object.freeze({});

/** What the feed keeps of one order beside the tracker, in one record. */
interface FeedRecord {
  /** The last openOrder as the library gave it (a modify restates every field). */
  raw?: { readonly contract: Contract; readonly order: IbOrderRaw };
  /** How it links to the orders placed with it (set when this instance places it). */
  link?: OrderLink;
  /** The last orderStatus. */
  progress?: IbProgress;
}

/** An execution waiting for its commission report. */
interface PendingFill {
  record: ExecutionRecord;
  clientOrderId: string;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * What a read collects of the messages the feed decoded (reqOpenOrders' answer comes as the same
 * openOrder / orderStatus messages): each message is parsed once, by the feed.
 */
export interface FeedTap {
  openOrder?(message: IbOpenOrder): void;
  orderStatus?(message: IbOrderStatus): void;
  /** An openOrder that does not fit its schema. */
  unreadable?(error: Error): void;
}

/** What the feed works with. */
export interface OrderFeedDeps {
  ib: IBApi;
  /** This connection's API client id: orders of other clients are not followed. */
  clientId: number;
  tracker: OrderTracker;
  ids: OrderIds;
  events: EventEmitter<BrokerEvents>;
  clock: Clock;
  logger: Logger;
  /** How long a fill waits for its commissionReport. */
  commissionWaitMs: number;
  /** Told after each openOrder reached the tracker (a submit or modify waiting for its echo). */
  onEcho?: (id: number) => void;
}

/**
 * TWS's order messages as core updates: openOrder (a report), orderStatus (an event), execDetails
 * and commissionReport (a fill, once per execId, with its commission). Every order id seen keeps
 * the id allocator above it. Keeps beside the tracker what a modify and a mapping need: the last
 * openOrder of each order as the library gave it, its progress, and how it links to others.
 *
 * @example
 * ```ts
 * const feed = new OrderFeed({ ib, clientId: 1, tracker, ids, events, clock, logger, commissionWaitMs: 500 })
 * feed.link(12, { orderClass: 'bracket', parentId: '11' })
 * ```
 */
export class OrderFeed {
  /** Per order id: its last openOrder, link and progress. */
  readonly #records = new Map<number, FeedRecord>();
  readonly #pendingFills = new Map<string, PendingFill>();
  readonly #taps = new Set<FeedTap>();
  readonly #clientId: number;
  readonly #tracker: OrderTracker;
  readonly #ids: OrderIds;
  readonly #events: EventEmitter<BrokerEvents>;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #commissionWaitMs: number;
  readonly #onEcho: ((id: number) => void) | undefined;
  #lastExecutionAt: number | undefined;
  #isoAt = Number.NaN;
  #iso = '';

  constructor(deps: OrderFeedDeps) {
    this.#clientId = deps.clientId;
    this.#tracker = deps.tracker;
    this.#ids = deps.ids;
    this.#events = deps.events;
    this.#clock = deps.clock;
    this.#log = deps.logger;
    this.#commissionWaitMs = deps.commissionWaitMs;
    this.#onEcho = deps.onEcho;
    const ib = deps.ib;
    ib.on(EventName.nextValidId, (id: number) => this.#ids.nextValid(id));
    ib.on(EventName.openOrder, (orderId: number, contract: Contract, order: IbOrderRaw, state: OrderState) => this.#onOpenOrder(orderId, contract, order, state));
    ib.on(EventName.orderStatus, (orderId: number, status: IbStatusName, filled: number, _remaining: number, avg: number, _perm?: number, parentId?: number, _last?: number, clientId?: number) =>
      this.#onOrderStatus(orderId, status, filled, avg, parentId ?? 0, clientId));
    ib.on(EventName.execDetails, (reqId: number, contract: Contract, execution: Execution) => {
      // Answers to reqExecutions are applied by whoever asked (reconciliation, a lookup).
      if (reqId === -1) this.#guard('execDetails', () => this.ingest({ execution: decodeMessage(IbExecutionSchema, execution, 'execDetails'), symbol: contract.symbol ?? '', commission: undefined }));
    });
    ib.on(EventName.commissionReport, (report: CommissionReport) => this.#onCommission(report));
  }

  /** When the last execution seen happened (epoch ms), if any: reconciliation reads from shortly before. */
  get lastExecutionAt(): number | undefined {
    return this.#lastExecutionAt;
  }

  /** Drops what is kept beside the tracker for an order it forgot. */
  forget(id: number): void {
    this.#records.delete(id);
  }

  /** The last openOrder of an order as the library gave it. */
  rawOf(id: number): { readonly contract: Contract; readonly order: IbOrderRaw } | undefined {
    return this.#records.get(id)?.raw;
  }

  /** How an order links to others, when this instance placed it. */
  linkOf(id: number): OrderLink | undefined {
    return this.#records.get(id)?.link;
  }

  /** Records how an order about to be placed links to the others (bracket legs, OCO members). */
  link(id: number, link: OrderLink): void {
    this.#record(id).link = link;
  }

  #record(id: number): FeedRecord {
    let record = this.#records.get(id);
    if (record === undefined) this.#records.set(id, (record = {}));
    return record;
  }

  #onOpenOrder(orderId: number, contract: Contract, order: IbOrderRaw, orderState: OrderState): void {
    if (order.clientId !== undefined && order.clientId !== this.#clientId) return;
    this.#ids.seen(orderId);
    this.#guard('openOrder', () => {
      const message = { orderId, contract, order, orderState };
      let parsed: IbOpenOrder;
      try {
        parsed = decodeMessage(IbOpenOrderSchema, message, 'openOrder');
      } catch (error) {
        for (const tap of this.#taps) tap.unreadable?.(error as Error);
        throw error;
      }
      for (const tap of this.#taps) tap.openOrder?.(parsed);
      // The message itself (it holds the contract and order as the library gave them).
      const record = this.#record(orderId);
      record.raw = message;
      const mapped = toCoreOrder(parsed, record.progress ?? NO_PROGRESS, this.#nowIso(), record.link ?? linkOf(parsed), message);
      if (mapped) this.#tracker.report(mapped);
      else this.#log.debug('order of a type the core model lacks, not followed', { orderId, orderType: parsed.order.orderType });
    });
    this.#onEcho?.(orderId);
  }

  /**
   * Hands every openOrder / orderStatus the feed decodes to `tap` too, until the returned
   * function is called (a read of the open orders collects them without parsing them again).
   */
  tap(tap: FeedTap): () => void {
    this.#taps.add(tap);
    return () => this.#taps.delete(tap);
  }

  #onOrderStatus(orderId: number, status: IbStatusName, filled: number, avgFillPrice: number, parentId: number, clientId: number | undefined): void {
    if (clientId !== undefined && clientId !== this.#clientId) return;
    this.#ids.seen(orderId);
    this.#guard('orderStatus', () => {
      const s = decodeMessage(IbOrderStatusSchema, { orderId, status, filled, avgFillPrice }, 'orderStatus');
      // The parsed message is the progress (status, filled, avgFillPrice): kept as is.
      this.#record(orderId).progress = s;
      for (const tap of this.#taps) tap.orderStatus?.(s);
      const update: OrderUpdate = {
        kind: 'event',
        status: toCoreStatus(s.status, s.filled, parentId > 0),
        filledQuantity: s.filled,
        timestamp: this.#nowIso(),
        raw: s,
      };
      if (s.filled > 0 && s.avgFillPrice > 0) update.averageFillPrice = s.avgFillPrice;
      this.#tracker.event(String(orderId), update);
    });
  }

  /** One execution, live or read back: the order's progress as a report, then its fill once. */
  ingest(record: ExecutionRecord): void {
    const e: IbExecution = record.execution;
    this.#ids.seen(e.orderId);
    if (this.#tracker.hasExecution(e.execId) || this.#pendingFills.has(e.execId)) return;
    const at = Date.parse(ibTimeToIso(e.time));
    if (this.#lastExecutionAt === undefined || at > this.#lastExecutionAt) this.#lastExecutionAt = at;
    const id = String(e.orderId);
    const known = this.#tracker.get(id);
    if (known && e.cumQty !== undefined && e.cumQty > known.filledQuantity) {
      const done = known.quantity !== undefined && e.cumQty >= known.quantity;
      this.#tracker.report({
        ...known,
        status: done ? 'filled' : isTerminalStatus(known.status) ? known.status : 'partially_filled',
        filledQuantity: e.cumQty,
        ...(e.avgPrice ? { averageFillPrice: e.avgPrice } : {}),
        updatedAt: new Date(Math.max(at, Date.parse(known.updatedAt))).toISOString(),
      });
    }
    const clientOrderId = e.orderRef || known?.clientOrderId || `ib-${e.permId ?? e.orderId}`;
    if (record.commission !== undefined) {
      this.#tracker.fill(toCoreFill(e, record.symbol, clientOrderId, record.commission));
      return;
    }
    const timer = setTimeout(() => this.#emitPending(e.execId, undefined), this.#commissionWaitMs);
    this.#pendingFills.set(e.execId, { record, clientOrderId, timer });
  }

  /**
   * Emits every fill still waiting for its commissionReport, without one, and clears their timers
   * (after a disconnect no report can come).
   */
  flushPending(): void {
    for (const execId of [...this.#pendingFills.keys()]) this.#emitPending(execId, undefined);
  }

  #onCommission(report: CommissionReport): void {
    const parsed = IbCommissionSchema.safeParse(report);
    if (parsed.success) this.#emitPending(parsed.data.execId, parsed.data.commission);
  }

  #emitPending(execId: string, commission: number | undefined): void {
    const pending = this.#pendingFills.get(execId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pendingFills.delete(execId);
    this.#tracker.fill(toCoreFill(pending.record.execution, pending.record.symbol, pending.clientOrderId, commission));
  }

  /**
   * The clock's time as ISO text, formatted once per millisecond: an order's openOrder and
   * orderStatus come together, and each would format the same instant again.
   */
  #nowIso(): string {
    const now = this.#clock.now();
    if (now !== this.#isoAt) {
      this.#isoAt = now;
      this.#iso = new Date(now).toISOString();
    }
    return this.#iso;
  }

  /** Runs a message handler; a message that does not fit its schema is reported, not thrown into the library. */
  #guard(what: string, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      this.#log.warn(`unreadable ${what} from TWS`, { error: (error as Error).message });
      this.#events.emit('error', error as BrokerError);
    }
  }
}
