import type { SimEngine } from '../engine/engine.ts';
import { DiscardChanges } from './discard-changes.ts';
import { serializeState } from './engine-state.ts';
import { OpQueue } from './op-queue.ts';

/**
 * Where an engine lives between operations. `transact` hands the current engine to `fn` and
 * makes what `fn` changed durable before it resolves; a `DiscardChanges` thrown by `fn` drops the
 * changes (the original error is rethrown), any other error still keeps what changed before it.
 */
export interface StateStore {
  /** The state database, or undefined in memory. */
  readonly path: string | undefined;
  transact<T>(fn: (engine: SimEngine) => T | Promise<T>): Promise<T>;
  /** The state as canonical JSON (what `exportState` returns). */
  exportState(): Promise<string>;
  /** The engine as this process last saw it, without a transaction (undefined when not loaded). */
  peek?(): SimEngine | undefined;
}

/**
 * State kept in this process only (library use, tests, benchmarks). A discarded operation cannot
 * be rolled back here; the engine refuses orders before it changes anything, so only a bug gets
 * that far.
 */
export class MemoryStateStore implements StateStore {
  readonly path = undefined;
  readonly #queue = new OpQueue();
  #engine: SimEngine | undefined;
  readonly #create: () => SimEngine;

  constructor(create: () => SimEngine) {
    this.#create = create;
  }

  /** The engine itself, for synchronous use (`SimBroker.tick`). */
  engine(): SimEngine {
    this.#engine ??= this.#create();
    return this.#engine;
  }

  transact<T>(fn: (engine: SimEngine) => T | Promise<T>): Promise<T> {
    const unwrap = (error: unknown): never => {
      throw error instanceof DiscardChanges ? error.original : error;
    };
    return this.#queue.run(() => {
      try {
        const result = fn(this.engine());
        return result instanceof Promise ? result.catch(unwrap) : result;
      } catch (error) {
        return unwrap(error);
      }
    });
  }

  /**
   * The engine, for a synchronous operation run at once, when no operation is under way (the
   * caller must `leave()` when done; an error it meets is what `transact` would reject with, a
   * `DiscardChanges` unwrapped); undefined when the caller must use `transact`.
   */
  enter(): SimEngine | undefined {
    if (!this.#queue.enter()) return undefined;
    try {
      return this.engine();
    } catch (error) {
      this.#queue.leave();
      throw error;
    }
  }

  /** Ends an operation begun with `enter()`. */
  leave(): void {
    this.#queue.leave();
  }

  exportState(): Promise<string> {
    return this.#queue.run(() => serializeState(this.engine()));
  }
}
