import { NumberedIndex, numberedId } from './numbered-index.ts';
import type { SimOrder } from './sim-order.ts';

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
  return numberedId('sim-', n);
}

/**
 * Orders by client order id. Generated ids (`sim-000001`, ...: almost all of them in a backtest)
 * are filed by number (`NumberedIndex`), so finding the next free one costs an array access.
 */
export class ClientIdIndex {
  readonly #index = new NumberedIndex<SimOrder>('sim-');

  get(id: string): SimOrder | undefined {
    return this.#index.get(id);
  }

  /** The order holding `generatedClientId(n)`, if any. */
  getGenerated(n: number): SimOrder | undefined {
    return this.#index.getNumbered(n);
  }

  set(id: string, o: SimOrder): void {
    this.#index.set(id, o);
  }
}
