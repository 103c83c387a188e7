import type { PlaceOrderFields } from './decode.ts';
import type { FakeExecution, FakeOrder, FakeQuote } from './model.ts';
import { toUnits, unitsToNumber } from './qty.ts';

/** Where the engine reports changes: the server turns them into messages for the owning client. */
export interface EngineSink {
  order(order: FakeOrder): void;
  execution(execution: FakeExecution, order: FakeOrder): void;
}

/** IB statuses after which an order no longer works. */
export const DONE_STATUSES: ReadonlySet<string> = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

/** Per share, like IB's fixed tiered pricing; a fill's commission is never below `minimum`. */
const COMMISSION = { perShare: 0.005, minimum: 1 };

interface Holding {
  quantity: bigint;
  avgCost: number;
}

/**
 * The fake's order book and market: orders rest until the quote lets them fill (market at the
 * touch, limits when marketable, stops and stop-limits once triggered, trailing stops following the
 * best price). Fills are whole unless a test asks for a partial one (`fill`).
 */
export class FakeEngine {
  readonly orders = new Map<number, FakeOrder>();
  readonly executions: FakeExecution[] = [];
  readonly quotes = new Map<string, FakeQuote>();
  readonly #holdings = new Map<string, Map<string, Holding>>();
  readonly #cash = new Map<string, number>();
  readonly #triggered = new Set<number>();
  readonly #sink: EngineSink;
  readonly #now: () => Date;
  #permId = 900_000;
  #execSeq = 0;

  constructor(sink: EngineSink, accounts: readonly string[], initialCash: number, now: () => Date) {
    this.#sink = sink;
    this.#now = now;
    for (const a of accounts) this.#cash.set(a, initialCash);
  }

  /** Books a new order (status Submitted) and tries to fill it. */
  place(clientId: number, fields: PlaceOrderFields): FakeOrder {
    const order: FakeOrder = {
      orderId: fields.orderId, clientId, permId: ++this.#permId, account: fields.account, symbol: fields.symbol,
      secType: fields.secType, exchange: fields.exchange, currency: fields.currency, action: fields.action,
      totalQuantity: toUnits(fields.totalQuantity), orderType: fields.orderType, lmtPrice: fields.lmtPrice, auxPrice: fields.auxPrice,
      trailStopPrice: fields.trailStopPrice, trailingPercent: fields.trailingPercent, tif: fields.tif, ocaGroup: fields.ocaGroup,
      orderRef: fields.orderRef, parentId: fields.parentId, outsideRth: fields.outsideRth, transmit: fields.transmit,
      status: fields.transmit ? this.#activeStatus(fields.parentId) : 'Staged',
      filled: 0n, notionalFilled: 0, lastFillPrice: 0, watermark: undefined,
    };
    this.orders.set(order.orderId, order);
    return order;
  }

  /** A child waits (PreSubmitted) until its parent filled; others work at once (Submitted). */
  #activeStatus(parentId: number): string {
    const parent = parentId === 0 ? undefined : this.orders.get(parentId);
    return parent && parent.status !== 'Filled' ? 'PreSubmitted' : 'Submitted';
  }

  /**
   * Transmits the staged orders of the group a transmitted `order` belongs to (its parent and the
   * parent's other children): TWS sends a bracket when its last order arrives with transmit on.
   * Returns them parent first.
   */
  transmitGroup(order: FakeOrder): FakeOrder[] {
    const rootId = order.parentId === 0 ? order.orderId : order.parentId;
    const group = [...this.orders.values()].filter((o) => o.status === 'Staged' && (o.orderId === rootId || o.parentId === rootId));
    group.sort((a, b) => (a.orderId === rootId ? -1 : b.orderId === rootId ? 1 : a.orderId - b.orderId));
    for (const o of group) {
      o.transmit = true;
      o.status = this.#activeStatus(o.parentId);
    }
    return group;
  }

  /** Applies a modify (placeOrder with a working order's id): quantity, prices, tif. */
  modify(order: FakeOrder, fields: PlaceOrderFields): void {
    order.totalQuantity = toUnits(fields.totalQuantity);
    order.lmtPrice = fields.lmtPrice;
    order.auxPrice = fields.auxPrice;
    order.trailingPercent = fields.trailingPercent;
    order.trailStopPrice = fields.trailStopPrice;
    order.tif = fields.tif;
    order.watermark = undefined;
  }

  /** Cancels an order and, for a bracket parent, its children. Returns every order canceled. */
  cancel(order: FakeOrder): FakeOrder[] {
    order.status = 'Cancelled';
    this.#sink.order(order);
    const children = [...this.orders.values()].filter((o) => o.parentId === order.orderId && !DONE_STATUSES.has(o.status));
    return [order, ...children.flatMap((c) => this.cancel(c))];
  }

  setQuote(symbol: string, quote: FakeQuote): void {
    this.quotes.set(symbol, { ...this.quotes.get(symbol), ...quote });
    this.match();
  }

  /** Fills every order the market lets fill now; an IOC / FOK that cannot fill is canceled. */
  match(): void {
    for (const order of [...this.orders.values()]) {
      if (DONE_STATUSES.has(order.status) || order.status === 'Staged') continue;
      const price = this.#fillPrice(order);
      if (price !== undefined) this.fill(order, order.totalQuantity - order.filled, price);
      else if (order.tif === 'IOC' || order.tif === 'FOK') this.cancel(order);
    }
  }

  /** Fills `units` of a working order at `price` (a test's partial fill, or the matcher's whole one). */
  fill(order: FakeOrder, units: bigint, price: number): FakeExecution {
    order.filled += units;
    order.notionalFilled += unitsToNumber(units) * price;
    order.lastFillPrice = price;
    order.status = order.filled >= order.totalQuantity ? 'Filled' : 'Submitted';
    const shares = unitsToNumber(units);
    const execution: FakeExecution = {
      execId: `0000e0d5.${(++this.#execSeq).toString(16).padStart(8, '0')}.01.01`,
      orderId: order.orderId, clientId: order.clientId, permId: order.permId, account: order.account, symbol: order.symbol,
      side: order.action === 'BUY' ? 'BOT' : 'SLD', shares: units, price, cumQty: order.filled,
      avgPrice: order.notionalFilled / unitsToNumber(order.filled), orderRef: order.orderRef, time: this.#now(),
      commission: Math.max(COMMISSION.minimum, Math.round(shares * COMMISSION.perShare * 100) / 100),
    };
    this.executions.push(execution);
    this.#book(order.account, order.symbol, order.action === 'BUY' ? units : -units, price, execution.commission);
    this.#sink.execution(execution, order);
    this.#sink.order(order);
    if (order.status === 'Filled') this.#afterFill(order);
    return execution;
  }

  /**
   * What a fill sets off: a filled parent releases its children; a filled bracket child cancels
   * its siblings, and a filled member of an OCA group the other members (IB's ocaType 1).
   */
  #afterFill(order: FakeOrder): void {
    for (const o of [...this.orders.values()]) {
      if (o === order || DONE_STATUSES.has(o.status) || o.status === 'Staged') continue;
      if (o.parentId === order.orderId && o.status === 'PreSubmitted') {
        o.status = 'Submitted';
        this.#sink.order(o);
      } else if ((order.parentId !== 0 && o.parentId === order.parentId) || (order.ocaGroup !== '' && o.ocaGroup === order.ocaGroup)) {
        this.cancel(o);
      }
    }
  }

  positions(account: string): [string, Holding][] {
    return [...(this.#holdings.get(account) ?? new Map<string, Holding>())].filter(([, h]) => h.quantity !== 0n);
  }

  cash(account: string): number {
    return this.#cash.get(account) ?? 0;
  }

  /** Cash plus every holding at its last (or mid) price. */
  netLiquidation(account: string): number {
    let value = this.cash(account);
    for (const [symbol, h] of this.positions(account)) value += unitsToNumber(h.quantity) * (this.#mark(symbol) ?? h.avgCost);
    return Math.round(value * 100) / 100;
  }

  #mark(symbol: string): number | undefined {
    const q = this.quotes.get(symbol);
    if (!q) return undefined;
    if (q.last !== undefined) return q.last;
    return q.bid !== undefined && q.ask !== undefined ? (q.bid + q.ask) / 2 : (q.bid ?? q.ask);
  }

  #book(account: string, symbol: string, signed: bigint, price: number, commission: number): void {
    const book = this.#holdings.get(account) ?? new Map<string, Holding>();
    this.#holdings.set(account, book);
    const h = book.get(symbol) ?? { quantity: 0n, avgCost: 0 };
    const next = h.quantity + signed;
    if (h.quantity === 0n || (h.quantity > 0n) !== (next > 0n) || next === 0n) {
      h.avgCost = next === 0n ? 0 : price;
    } else if ((signed > 0n) === (h.quantity > 0n)) {
      const before = Math.abs(unitsToNumber(h.quantity));
      const added = Math.abs(unitsToNumber(signed));
      h.avgCost = (h.avgCost * before + price * added) / (before + added);
    }
    h.quantity = next;
    book.set(symbol, h);
    this.#cash.set(account, this.cash(account) - unitsToNumber(signed) * price - commission);
  }

  /** The price this order fills at now, or undefined while it must wait. */
  #fillPrice(order: FakeOrder): number | undefined {
    if (order.parentId !== 0) {
      const parent = this.orders.get(order.parentId);
      if (parent && parent.status !== 'Filled') return undefined;
    }
    const q = this.quotes.get(order.symbol);
    if (!q) return undefined;
    const buy = order.action === 'BUY';
    const touch = buy ? (q.ask ?? q.last) : (q.bid ?? q.last);
    if (touch === undefined) return undefined;
    const marketable = (limit: number | undefined): boolean => limit !== undefined && (buy ? touch <= limit : touch >= limit);
    const crossed = (stop: number | undefined): boolean => stop !== undefined && (buy ? touch >= stop : touch <= stop);
    switch (order.orderType) {
      case 'MKT':
        return touch;
      case 'LMT':
        return marketable(order.lmtPrice) ? touch : undefined;
      case 'STP':
        return crossed(order.auxPrice) ? touch : undefined;
      case 'STP LMT':
        if (crossed(order.auxPrice)) this.#triggered.add(order.orderId);
        return this.#triggered.has(order.orderId) && marketable(order.lmtPrice) ? touch : undefined;
      case 'TRAIL':
        return this.#trail(order, touch, buy);
      default:
        return undefined;
    }
  }

  /** A trailing stop: the stop follows the best price by the amount (auxPrice) or percent. */
  #trail(order: FakeOrder, touch: number, buy: boolean): number | undefined {
    order.watermark = order.watermark === undefined ? touch : buy ? Math.min(order.watermark, touch) : Math.max(order.watermark, touch);
    const offset = order.trailingPercent !== undefined ? (order.watermark * order.trailingPercent) / 100 : (order.auxPrice ?? 0);
    const stop = Math.round((buy ? order.watermark + offset : order.watermark - offset) * 1e6) / 1e6;
    if (stop !== order.trailStopPrice) {
      order.trailStopPrice = stop;
    }
    return (buy ? touch >= stop : touch <= stop) ? touch : undefined;
  }
}

