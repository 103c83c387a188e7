import { Decimal } from '@invest/broker-core';
import { PriceHeap } from './price-heap.ts';
import type { SimOrder } from './sim-order.ts';

/**
 * Orders that share one water mark. Prices are kept as `y = dir x price` (dir 1 for sells, which
 * trail a high water mark, -1 for buys, which trail a low one), so both sides read alike: the mark
 * is the highest `y` seen and an order fires once `y <= mark - trail` (percent: `mark x (1 - dir x
 * pct / 100)`).
 */
interface TrailGroup {
  mark: number;
  byPrice: PriceHeap<SimOrder>;
  byPercent: PriceHeap<SimOrder>;
  version: number;
  alive: boolean;
}

const ONE = Decimal.from(1);

/**
 * Trailing stops of one side of one symbol, indexed so a tick costs O(log n) plus the orders it
 * fires, not a scan of every order. Every order's water mark is the extreme price seen since it
 * was placed, so orders placed earlier have marks at least as extreme as later ones: the marks form
 * a stack. A new extreme lifts the groups at the top of the stack to one shared mark (merging
 * them, smaller into larger); a heap of groups keyed by their highest stop finds what fires.
 */
export class TrailingSide {
  readonly #dir: 1 | -1;
  /** Groups by mark, strictly decreasing from index 0 to the top. */
  readonly #stack: TrailGroup[] = [];
  /** Groups by their best stop (highest `y`), as a min-heap on `-stop`. */
  readonly #fire = new PriceHeap<TrailGroup>();
  readonly #groupOf = new Map<SimOrder, TrailGroup>();
  /**
   * An order left the index (removed or fired) since the stack's top was last swept for emptied
   * groups. Groups only empty that way, so a tick that changed nothing skips the sweep.
   */
  #left = false;

  constructor(dir: 1 | -1) {
    this.#dir = dir;
  }

  get size(): number {
    return this.#groupOf.size;
  }

  /** Orders in the index (live ones; removed orders leave with `remove`). */
  orders(): IterableIterator<SimOrder> {
    return this.#groupOf.keys();
  }

  /** Adds an order whose water mark starts at `markPrice`. */
  add(order: SimOrder, markPrice: number): void {
    const y = this.#dir * markPrice;
    const stack = this.#stack;
    let group = stack[stack.length - 1];
    if (!group || group.mark !== y) {
      if (group && group.mark < y) {
        // Only possible after a restore from a hand-edited file: insert where the mark belongs.
        let i = stack.findIndex((g) => g.mark <= y);
        if (i < 0) i = stack.length;
        const at = stack[i];
        if (at && at.mark === y) group = at;
        else {
          group = this.#newGroup(y);
          stack.splice(i, 0, group);
        }
      } else {
        group = this.#newGroup(y);
        stack.push(group);
      }
    }
    this.#insert(group, order);
    this.#refresh(group);
  }

  /** Forgets an order (call after bumping its `gen`, so its heap entries are stale). */
  remove(order: SimOrder): void {
    this.#groupOf.delete(order);
    this.#left = true;
  }

  /** The order's water mark as a price. */
  markOf(order: SimOrder): number | undefined {
    const g = this.#groupOf.get(order);
    return g ? this.#dir * g.mark : undefined;
  }

  /** The order's current stop price, exactly (water mark minus the trail). */
  stopOf(order: SimOrder): Decimal | undefined {
    const g = this.#groupOf.get(order);
    if (!g) return undefined;
    return this.#exactStop(g.mark, order).mul(this.#dir);
  }

  /**
   * Moves the water marks to `price` where it is a new extreme and returns the orders that fire.
   * `moved`: collects the orders whose mark moved (a persisted account rewrites them).
   */
  update(price: number, moved?: Set<SimOrder>): SimOrder[] {
    const y = this.#dir * price;
    const stack = this.#stack;
    const top = stack[stack.length - 1];
    if (top && top.mark < y) {
      const popped: TrailGroup[] = [];
      while (stack.length > 0 && (stack[stack.length - 1] as TrailGroup).mark < y) popped.push(stack.pop() as TrailGroup);
      let keep = popped[0] as TrailGroup;
      for (const g of popped) if (g.byPrice.size + g.byPercent.size > keep.byPrice.size + keep.byPercent.size) keep = g;
      for (const g of popped) {
        if (g === keep) continue;
        g.alive = false;
        for (const heap of [g.byPrice, g.byPercent]) {
          for (const e of heap.entries()) if (this.#valid(e.value, e.gen)) this.#insert(keep, e.value);
        }
      }
      keep.mark = y;
      if (moved) {
        for (const heap of [keep.byPrice, keep.byPercent]) for (const e of heap.entries()) if (this.#valid(e.value, e.gen)) moved.add(e.value);
      }
      stack.push(keep);
      this.#refresh(keep);
    }
    let fired: SimOrder[] | undefined;
    for (;;) {
      const entry = this.#fire.peek();
      if (!entry) break;
      const g = entry.value;
      if (!g.alive || entry.gen !== g.version) {
        this.#fire.pop();
        continue;
      }
      if (!this.#reached(y, g, -entry.key)) break;
      this.#fire.pop();
      for (const heap of [g.byPrice, g.byPercent]) {
        for (let e = heap.peek(); e; e = heap.peek()) {
          if (!this.#valid(e.value, e.gen)) {
            heap.pop();
            continue;
          }
          if (!this.#fires(y, g.mark, e.value)) break;
          heap.pop();
          this.#groupOf.delete(e.value);
          this.#left = true;
          e.value.waterMark = this.#dir * g.mark;
          (fired ??= []).push(e.value);
        }
      }
      this.#refresh(g);
    }
    if (this.#left) {
      this.#left = false;
      while (stack.length > 0 && this.#empty(stack[stack.length - 1] as TrailGroup)) (stack.pop() as TrailGroup).alive = false;
    }
    return fired ?? NONE;
  }

  #newGroup(mark: number): TrailGroup {
    return { mark, byPrice: new PriceHeap(), byPercent: new PriceHeap(), version: 0, alive: true };
  }

  #insert(g: TrailGroup, order: SimOrder): void {
    const o = order.order;
    if (o.trailPrice !== undefined) g.byPrice.push(o.trailPrice, order.seq, order, order.gen);
    else g.byPercent.push(o.trailPercent as number, order.seq, order, order.gen);
    this.#groupOf.set(order, g);
  }

  #valid(order: SimOrder, gen: number): boolean {
    return order.gen === gen && order.slot === 'trailing' && this.#groupOf.has(order);
  }

  /** Drops stale entries from the top of the group's heaps; true when nothing live is left. */
  #empty(g: TrailGroup): boolean {
    for (const heap of [g.byPrice, g.byPercent]) {
      for (let e = heap.peek(); e && !this.#valid(e.value, e.gen); e = heap.peek()) heap.pop();
    }
    return g.byPrice.size === 0 && g.byPercent.size === 0;
  }

  /** Recomputes the group's best stop and files it in the fire heap. */
  #refresh(g: TrailGroup): void {
    g.version += 1;
    if (this.#empty(g)) return;
    let best = -Infinity;
    const p = g.byPrice.peek();
    if (p) best = g.mark - p.key;
    const q = g.byPercent.peek();
    if (q) best = Math.max(best, g.mark * (1 - (this.#dir * q.key) / 100));
    this.#fire.push(-best, 0, g, g.version);
    // Every refresh leaves the group's previous entry stale; sweep them before they pile up.
    if (this.#fire.size > 2 * this.#stack.length + 64) this.#fire.retain((e) => e.value.alive && e.gen === e.value.version);
  }

  /** Has `y` reached the group's best stop (`approx`)? Exact where floating point cannot tell. */
  #reached(y: number, g: TrailGroup, approx: number): boolean {
    const tol = 1e-9 * Math.max(1, Math.abs(approx));
    if (y < approx - tol) return true;
    if (y > approx + tol) return false;
    for (const heap of [g.byPrice, g.byPercent]) {
      const e = heap.peek();
      if (e && this.#fires(y, g.mark, e.value)) return true;
    }
    return false;
  }

  #fires(y: number, mark: number, order: SimOrder): boolean {
    const o = order.order;
    const approx = o.trailPrice !== undefined ? mark - o.trailPrice : mark * (1 - (this.#dir * (o.trailPercent as number)) / 100);
    const tol = 1e-9 * Math.max(1, Math.abs(approx));
    if (y < approx - tol) return true;
    if (y > approx + tol) return false;
    return Decimal.from(y).cmp(this.#exactStop(mark, order)) <= 0;
  }

  /** Stop in `y` terms, exact: mark - trail, or mark x (1 - dir x pct / 100). */
  #exactStop(mark: number, order: SimOrder): Decimal {
    const o = order.order;
    const m = Decimal.from(mark);
    if (o.trailPrice !== undefined) return m.sub(o.trailPrice);
    const pct = Decimal.from(o.trailPercent as number).mul('0.01').mul(this.#dir);
    return m.mul(ONE.sub(pct));
  }
}

const NONE: SimOrder[] = [];
