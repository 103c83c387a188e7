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
   * Takes the queue for a synchronous step run by the caller now, when nothing is running or
   * waiting (returns true: the caller must `leave()` when done, as `run` would release it);
   * otherwise leaves it to the caller to `run` (returns false). No callback to allocate: the hot
   * path of an in-memory simulator.
   */
  enter(): boolean {
    if (this.#busy) return false;
    this.#busy = true;
    return true;
  }

  /** Ends a step begun with `enter()`. */
  leave(): void {
    this.#release();
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
