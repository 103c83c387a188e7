import { NumberedIndex } from './numbered-index.ts';
import type { SimOrder } from './sim-order.ts';

/**
 * The engine's orders by id, with a `Map`'s behaviour (`get`, `has`, `set`, `size`, `values()` in
 * insertion order). The engine's own ids (`ord-000001`, ...) are filed by number (`NumberedIndex`).
 */
export class OrderMap {
  readonly #index = new NumberedIndex<SimOrder>('ord-');
  /** Every order once, in the order its id was first set (a `Map`'s iteration order). */
  readonly #all: SimOrder[] = [];

  get size(): number {
    return this.#all.length;
  }

  get(id: string): SimOrder | undefined {
    return this.#index.get(id);
  }

  has(id: string): boolean {
    return this.#index.get(id) !== undefined;
  }

  set(id: string, o: SimOrder): this {
    const previous = this.#index.get(id);
    // Replacing an id's order keeps its place, as a `Map` does.
    if (previous !== undefined) this.#all[this.#all.indexOf(previous)] = o;
    else this.#all.push(o);
    this.#index.set(id, o);
    return this;
  }

  values(): IterableIterator<SimOrder> {
    return this.#all.values();
  }
}
