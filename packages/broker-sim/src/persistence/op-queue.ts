/**
 * Runs operations one at a time, in call order. The simulator's operations may await a price
 * source or the file lock in the middle, so two calls from one process must not interleave. An
 * operation that turns out synchronous (in memory, no remote prices) runs at once, without a
 * round of promises.
 *
 * @example
 * ```ts
 * const queue = new OpQueue()
 * await queue.run(async () => { ... })
 * ```
 */
export class OpQueue {
  #busy = false;
  readonly #waiting: (() => void)[] = [];

  run<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.#busy) return new Promise<void>((resolve) => this.#waiting.push(resolve)).then(() => this.#exec(fn));
    this.#busy = true;
    return this.#exec(fn);
  }

  /**
   * Runs a synchronous `fn` now when nothing is running or waiting (returns true), as `run` would
   * have run it; otherwise leaves it to the caller to `run` (returns false).
   */
  runNow(fn: () => void): boolean {
    if (this.#busy) return false;
    this.#busy = true;
    try {
      fn();
    } finally {
      this.#release();
    }
    return true;
  }

  #exec<T>(fn: () => T | Promise<T>): Promise<T> {
    let result: T | Promise<T>;
    try {
      result = fn();
    } catch (error) {
      this.#release();
      return Promise.reject(error);
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => {
          this.#release();
          return value;
        },
        (error: unknown) => {
          this.#release();
          throw error;
        },
      );
    }
    this.#release();
    return Promise.resolve(result);
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }
}
