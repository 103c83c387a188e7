/** How far past the end a numbered id may land and still go in the dense list. */
const MAX_GAP = 1024;

/**
 * The n-th id of a numbered series: `prefix` and n, zero-padded to six digits.
 *
 * @example
 * ```ts
 * numberedId('sim-', 42) // 'sim-000042'
 * ```
 */
export function numberedId(prefix: string, n: number): string {
  return n < 1_000_000 ? `${prefix}${String(1_000_000 + n).slice(1)}` : `${prefix}${n}`;
}

/** n when `id` is exactly `numberedId(prefix, n)` for a whole n >= 1, else 0. */
function numberOf(prefix: string, id: string): number {
  const len = id.length;
  const p = prefix.length;
  if (len < p + 6 || len > p + 16 || !id.startsWith(prefix)) return 0;
  let n = 0;
  for (let i = p; i < len; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  // Six digits, zero-padded, below a million; no leading zero above.
  if (len === p + 6) return n;
  return id.charCodeAt(p) !== 48 && n >= 1_000_000 && Number.isSafeInteger(n) ? n : 0;
}

/**
 * Values by id, where most ids are of one numbered series (`ord-000001`, `sim-000002`, ...: the
 * ids the simulator makes itself). Those sit in a list indexed by their number, so filing and
 * finding costs an array access instead of a lookup in a table as large as the whole history; any
 * other id (or a numbered one far beyond the list) goes in a map. An id is in exactly one of the two.
 */
export class NumberedIndex<T> {
  readonly #prefix: string;
  readonly #dense: (T | undefined)[] = [undefined];
  readonly #other = new Map<string, T>();
  /** Numbered ids that went to the map (then a miss in the list must look there too). */
  #numberedInOther = 0;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  get(id: string): T | undefined {
    const n = numberOf(this.#prefix, id);
    return n === 0 ? this.#other.get(id) : this.#numbered(n, id);
  }

  /** The value held by `numberedId(prefix, n)`, if any. */
  getNumbered(n: number): T | undefined {
    return this.#numbered(n, undefined);
  }

  #numbered(n: number, id: string | undefined): T | undefined {
    const v = n < this.#dense.length ? this.#dense[n] : undefined;
    if (v !== undefined || this.#numberedInOther === 0) return v;
    return this.#other.get(id ?? numberedId(this.#prefix, n));
  }

  set(id: string, value: T): void {
    const n = numberOf(this.#prefix, id);
    if (n === 0 || (this.#numberedInOther > 0 && this.#other.has(id))) {
      this.#other.set(id, value);
      return;
    }
    const dense = this.#dense;
    if (n < dense.length) {
      dense[n] = value;
    } else if (n - dense.length <= MAX_GAP) {
      while (dense.length < n) dense.push(undefined);
      dense.push(value);
    } else {
      this.#numberedInOther += 1;
      this.#other.set(id, value);
    }
  }
}
