import type { SimOrder } from './sim-order.ts';

/** How far past the end an `ord-NNNNNN` id may land and still go in the dense list. */
const MAX_GAP = 1024;

/** n when `id` is exactly `ord-` and n zero-padded to six digits (no leading zero above), n >= 1; else 0. */
function orderNumber(id: string): number {
  const len = id.length;
  if (len < 10 || len > 20 || id.charCodeAt(0) !== 111 || id.charCodeAt(1) !== 114 || id.charCodeAt(2) !== 100 || id.charCodeAt(3) !== 45) return 0; // 'ord-'
  let n = 0;
  for (let i = 4; i < len; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  if (len === 10) return n;
  return id.charCodeAt(4) !== 48 && n >= 1_000_000 && Number.isSafeInteger(n) ? n : 0;
}

/**
 * The engine's orders by id, with a `Map`'s behaviour (`get`, `has`, `set`, `size`, `values()` in
 * insertion order). The engine's own ids (`ord-000001`, ...) sit in a list indexed by their number,
 * so filing and finding an order is an array access rather than a lookup in a table as large as
 * the whole history; any other id goes in a map. An id is in exactly one of the two.
 */
export class OrderMap {
  readonly #dense: (SimOrder | undefined)[] = [undefined];
  readonly #other = new Map<string, SimOrder>();
  /** Every order once, in the order its id was first set (a `Map`'s iteration order). */
  readonly #all: SimOrder[] = [];
  /** Engine-form ids that went to the map (then a miss in the list must look there too). */
  #numberedInOther = 0;

  get size(): number {
    return this.#all.length;
  }

  get(id: string): SimOrder | undefined {
    const n = orderNumber(id);
    if (n === 0) return this.#other.get(id);
    const o = n < this.#dense.length ? this.#dense[n] : undefined;
    if (o !== undefined || this.#numberedInOther === 0) return o;
    return this.#other.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  set(id: string, o: SimOrder): this {
    const previous = this.get(id);
    if (previous !== undefined) {
      // Replacing an id's order keeps its place, as a `Map` does.
      this.#all[this.#all.indexOf(previous)] = o;
    } else {
      this.#all.push(o);
    }
    const n = orderNumber(id);
    const dense = this.#dense;
    if (n === 0 || (previous !== undefined && !(n < dense.length && dense[n] === previous))) {
      this.#other.set(id, o);
    } else if (n < dense.length) {
      dense[n] = o;
    } else if (n - dense.length <= MAX_GAP) {
      while (dense.length < n) dense.push(undefined);
      dense.push(o);
    } else {
      this.#numberedInOther += 1;
      this.#other.set(id, o);
    }
    return this;
  }

  values(): IterableIterator<SimOrder> {
    return this.#all.values();
  }
}
