import type { SimQuote } from '../prices/price-source.ts';
import { PriceHeap, type HeapEntry } from './price-heap.ts';
import type { SimOrder } from './sim-order.ts';
import { TrailingSide } from './trailing-index.ts';

/**
 * One symbol's market and its resting orders, indexed by price so a tick only looks at the best
 * of each kind:
 *
 * - limits: buys by highest limit, sells by lowest (regular-hours and extended-hours apart, so the
 *   pre- and post-market only see the orders allowed there);
 * - untriggered stops and stop-limits: buys by lowest stop, sells by highest;
 * - trailing stops: `TrailingSide`;
 * - market orders waiting for a quote or for liquidity, in arrival order;
 * - at-the-open and at-the-close orders, run when the session opens or closes.
 *
 * Buy-side heaps store negated prices so every heap pops its best first. Canceled orders leave
 * stale entries (their `gen` moved on) that are skipped at the top and swept when they pile up.
 */
export class OrderBook {
  readonly symbol: string;
  bid: number | undefined;
  ask: number | undefined;
  last: number | undefined;
  bidSize: number | undefined;
  askSize: number | undefined;
  lastSize: number | undefined;
  /** Time of the current quote (0 before the first). */
  time = 0;
  /** Liquidity taken from the current quote, per side. */
  bidUsed = 0;
  askUsed = 0;
  lastUsed = 0;
  /** A price source said the symbol exists even without a quote yet. */
  known = false;
  /** Last trigger prices the trailing stops saw (in regular hours): a new trailing stop starts there. */
  trailRefSell: number | undefined;
  trailRefBuy: number | undefined;

  readonly buyLimits = new PriceHeap<SimOrder>();
  readonly sellLimits = new PriceHeap<SimOrder>();
  readonly buyLimitsExt = new PriceHeap<SimOrder>();
  readonly sellLimitsExt = new PriceHeap<SimOrder>();
  readonly buyStops = new PriceHeap<SimOrder>();
  readonly sellStops = new PriceHeap<SimOrder>();
  readonly trailSell = new TrailingSide(1);
  readonly trailBuy = new TrailingSide(-1);
  /** Trailing stops waiting for a first price to anchor their water mark. */
  readonly unanchored: SimOrder[] = [];
  /** Market orders (and fired stops) waiting to fill, oldest first. */
  readonly markets: SimOrder[] = [];
  readonly opening: SimOrder[] = [];
  readonly closing: SimOrder[] = [];
  /** Orders indexed here. */
  live = 0;
  /** Stale heap entries left by canceled orders. */
  stale = 0;

  constructor(symbol: string) {
    this.symbol = symbol;
  }

  get hasQuote(): boolean {
    return this.bid !== undefined || this.ask !== undefined || this.last !== undefined;
  }

  /** Takes a new quote at `time`; the liquidity of the previous one is gone. */
  setQuote(q: Omit<SimQuote, 'time'>, time: number): void {
    this.bid = q.bid;
    this.ask = q.ask;
    this.last = q.last;
    this.bidSize = q.bidSize;
    this.askSize = q.askSize;
    this.lastSize = q.lastSize;
    this.time = time;
    this.bidUsed = 0;
    this.askUsed = 0;
    this.lastUsed = 0;
  }

  /** The current quote as a plain object. */
  quote(): SimQuote {
    const q: SimQuote = { symbol: this.symbol, time: this.time };
    if (this.bid !== undefined) q.bid = this.bid;
    if (this.ask !== undefined) q.ask = this.ask;
    if (this.last !== undefined) q.last = this.last;
    if (this.bidSize !== undefined) q.bidSize = this.bidSize;
    if (this.askSize !== undefined) q.askSize = this.askSize;
    if (this.lastSize !== undefined) q.lastSize = this.lastSize;
    return q;
  }

  /** Price that triggers stops and moves water marks: the last trade, else the side's quote. */
  triggerPrice(side: 'buy' | 'sell'): number | undefined {
    return this.last ?? (side === 'buy' ? this.ask : this.bid);
  }

  /** Price a marketable order takes: the ask for a buy, the bid for a sell, else the last trade. */
  takePrice(side: 'buy' | 'sell'): number | undefined {
    return (side === 'buy' ? this.ask : this.bid) ?? this.last;
  }

  /** Shares that can still trade at `takePrice(side)` on this quote (Infinity where no size is quoted). */
  available(side: 'buy' | 'sell'): number {
    if (side === 'buy' ? this.ask !== undefined : this.bid !== undefined) {
      const size = side === 'buy' ? this.askSize : this.bidSize;
      return size === undefined ? Infinity : Math.max(0, size - (side === 'buy' ? this.askUsed : this.bidUsed));
    }
    if (this.last === undefined) return 0;
    return this.lastSize === undefined ? Infinity : Math.max(0, this.lastSize - this.lastUsed);
  }

  /** Records that `quantity` traded against the `side`'s quote. */
  consume(side: 'buy' | 'sell', quantity: number): void {
    if (side === 'buy' ? this.ask !== undefined : this.bid !== undefined) {
      if (side === 'buy') this.askUsed += quantity;
      else this.bidUsed += quantity;
    } else {
      this.lastUsed += quantity;
    }
  }

  /** The best live entry of a heap, dropping stale ones on the way. */
  top(heap: PriceHeap<SimOrder>): HeapEntry<SimOrder> | undefined {
    for (let e = heap.peek(); e; e = heap.peek()) {
      if (e.gen === e.value.gen) return e;
      heap.pop();
      this.stale = Math.max(0, this.stale - 1);
    }
    return undefined;
  }

  /** Sweeps stale entries when they outnumber the live ones. */
  compact(): void {
    if (this.stale <= this.live + 64) return;
    const keep = (e: HeapEntry<SimOrder>): boolean => e.gen === e.value.gen;
    for (const h of [this.buyLimits, this.sellLimits, this.buyLimitsExt, this.sellLimitsExt, this.buyStops, this.sellStops]) h.retain(keep);
    this.stale = 0;
  }
}
