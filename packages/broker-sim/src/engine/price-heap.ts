/**
 * A binary min-heap of entries ordered by `key`, then `seq` (price, then time priority). Books
 * store buy-side prices negated so every side is a min-heap. Entries are never removed from the
 * middle: a canceled or replaced order leaves a stale entry that the book skips when it reaches
 * the top (lazy deletion), so cancel is O(1) and a tick only ever looks at the top.
 */
export interface HeapEntry<T> {
  key: number;
  seq: number;
  value: T;
  /** The value's index generation when pushed; an entry whose generation is old is stale. */
  gen: number;
}

export class PriceHeap<T> {
  readonly #items: HeapEntry<T>[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): HeapEntry<T> | undefined {
    return this.#items[0];
  }

  push(key: number, seq: number, value: T, gen = 0): void {
    const items = this.#items;
    const entry: HeapEntry<T> = { key, seq, value, gen };
    let i = items.length;
    items.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as HeapEntry<T>;
      if (p.key < key || (p.key === key && p.seq <= seq)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  pop(): HeapEntry<T> | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      const left = items[l] as HeapEntry<T>;
      if (r < n) {
        const right = items[r] as HeapEntry<T>;
        if (right.key < left.key || (right.key === left.key && right.seq < left.seq)) c = r;
      }
      const child = items[c] as HeapEntry<T>;
      if (last.key < child.key || (last.key === child.key && last.seq <= child.seq)) break;
      items[i] = child;
      i = c;
    }
    items[i] = last;
    return top;
  }

  /** Every entry, in no particular order. */
  entries(): readonly HeapEntry<T>[] {
    return this.#items;
  }

  clear(): void {
    this.#items.length = 0;
  }

  /** Keeps only the entries `keep` accepts (drops stale entries in one pass) and restores the heap. */
  retain(keep: (entry: HeapEntry<T>) => boolean): void {
    const kept = this.#items.filter(keep);
    this.#items.length = 0;
    kept.sort((a, b) => a.key - b.key || a.seq - b.seq);
    // A sorted array is a valid binary heap.
    for (const e of kept) this.#items.push(e);
  }
}
