import type { SimOrder } from './sim-order.ts';

/** How far past the end a `sim-NNNNNN` id may land and still go in the dense list. */
const MAX_GAP = 1024;

/**
 * The text of the simulator's n-th generated client order id: `sim-` and n, zero-padded to six
 * digits.
 *
 * @example
 * ```ts
 * generatedClientId(42) // 'sim-000042'
 * ```
 */
export function generatedClientId(n: number): string {
  return n < 1_000_000 ? `sim-${String(1_000_000 + n).slice(1)}` : `sim-${n}`;
}

/** n when `id` is exactly `generatedClientId(n)` for a whole n >= 1, else 0. */
function generatedNumber(id: string): number {
  const len = id.length;
  if (len < 10 || len > 20 || id.charCodeAt(0) !== 115 || id.charCodeAt(1) !== 105 || id.charCodeAt(2) !== 109 || id.charCodeAt(3) !== 45) return 0; // 'sim-'
  let n = 0;
  for (let i = 4; i < len; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  // Six digits, zero-padded, below a million; no leading zero above.
  if (len === 10) return n;
  return id.charCodeAt(4) !== 48 && n >= 1_000_000 && Number.isSafeInteger(n) ? n : 0;
}

/**
 * Orders by client order id. Ids of the generated form (`sim-000001`, `sim-000002`, ...: almost
 * all of them in a backtest) sit in a list indexed by their number, so finding the next free one
 * and filing an order costs an array access instead of a lookup in a table as large as the
 * history; any other id (or a generated-form id far beyond the list) goes in a map. An id is in
 * exactly one of the two.
 */
export class ClientIdIndex {
  readonly #dense: (SimOrder | undefined)[] = [undefined];
  readonly #other = new Map<string, SimOrder>();
  /** Generated-form ids that went to the map (then a miss in the list must look there too). */
  #generatedInOther = 0;

  get(id: string): SimOrder | undefined {
    const n = generatedNumber(id);
    if (n === 0) return this.#other.get(id);
    return this.#numbered(n, id);
  }

  /** The order holding `generatedClientId(n)`, if any. */
  getGenerated(n: number): SimOrder | undefined {
    return this.#numbered(n, undefined);
  }

  #numbered(n: number, id: string | undefined): SimOrder | undefined {
    const o = n < this.#dense.length ? this.#dense[n] : undefined;
    if (o !== undefined || this.#generatedInOther === 0) return o;
    return this.#other.get(id ?? generatedClientId(n));
  }

  set(id: string, o: SimOrder): void {
    const n = generatedNumber(id);
    if (n === 0 || (this.#generatedInOther > 0 && this.#other.has(id))) {
      this.#other.set(id, o);
      return;
    }
    const dense = this.#dense;
    if (n < dense.length) {
      dense[n] = o;
    } else if (n - dense.length <= MAX_GAP) {
      while (dense.length < n) dense.push(undefined);
      dense.push(o);
    } else {
      this.#generatedInOther += 1;
      this.#other.set(id, o);
    }
  }
}
