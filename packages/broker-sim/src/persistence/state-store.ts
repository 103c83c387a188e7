import { readFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withFileLock, writeFileAtomic } from '@invest/broker-core';
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
  /** The state file, or undefined in memory. */
  readonly path: string | undefined;
  transact<T>(fn: (engine: SimEngine) => T | Promise<T>): Promise<T>;
  /** The state as the file holds it (canonical JSON). */
  exportState(): Promise<string>;
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
   * `transact` for a synchronous `fn`, run at once when no operation is under way (returns true;
   * `fn`'s error, a `DiscardChanges` unwrapped, is thrown as `transact` would reject with it);
   * false when the caller must use `transact`.
   */
  transactNow(fn: (engine: SimEngine) => void): boolean {
    try {
      return this.#queue.runNow(() => fn(this.engine()));
    } catch (error) {
      throw error instanceof DiscardChanges ? error.original : error;
    }
  }

  exportState(): Promise<string> {
    return this.#queue.run(() => serializeState(this.engine()));
  }
}

/** Writes the state file's text. Must leave either the old content or the new one, whatever happens. */
export type StateWriter = (path: string, text: string) => Promise<void>;

/**
 * The default writer: `writeFileAtomic`, mode 0600 (the file is the user's account).
 *
 * @example
 * ```ts
 * await atomicStateWriter('/tmp/state.json', '{}\n')
 * ```
 */
export const atomicStateWriter: StateWriter = (path, text) => writeFileAtomic(path, text, { mode: 0o600 });


/**
 * State in a file, shared by every process that opens it (the CLI, two terminals, a script).
 * Each operation takes the file's lock (`withFileLock`), reads the file, applies the operation
 * and writes the whole state back with `writeFileAtomic` (temporary file, fsync, rename, fsync of
 * the directory) before it lets the lock go. A process killed at any instant leaves either the
 * old state or the new one, and a stale lock or temporary file that it leaves is cleared by the
 * next operation. The engine read last is reused while the file still holds exactly what this
 * process wrote, so a single user pays for parsing only when someone else wrote in between.
 */
export class FileStateStore implements StateStore {
  readonly path: string;
  readonly #queue = new OpQueue();
  readonly #create: () => SimEngine;
  readonly #restore: (text: string) => SimEngine;
  readonly #writeState: StateWriter;
  #cached: { text: string; engine: SimEngine } | undefined;

  constructor(path: string, create: () => SimEngine, restore: (text: string) => SimEngine, writeState: StateWriter = atomicStateWriter) {
    this.path = path;
    this.#create = create;
    this.#restore = restore;
    this.#writeState = writeState;
  }

  transact<T>(fn: (engine: SimEngine) => T | Promise<T>): Promise<T> {
    return this.#queue.run(() => this.#locked(fn));
  }

  async exportState(): Promise<string> {
    return this.#queue.run(() =>
      this.#locked(async (engine) => serializeState(engine)),
    );
  }

  async #locked<T>(fn: (engine: SimEngine) => T | Promise<T>): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // withFileLock also sweeps the temporaries killed writers left beside the file.
    return withFileLock(this.path, async () => {
      const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      const engine = text === undefined ? this.#create() : this.#cached?.text === text ? this.#cached.engine : this.#restore(text);
      this.#cached = undefined;
      const before = engine.mutations;
      let result: T;
      try {
        result = await fn(engine);
      } catch (error) {
        if (error instanceof DiscardChanges) throw error.original;
        if (engine.mutations !== before) await this.#write(engine, text);
        throw error;
      }
      if (engine.mutations !== before) await this.#write(engine, text);
      else if (text !== undefined) this.#cached = { text, engine };
      return result;
    });
  }

  async #write(engine: SimEngine, previous: string | undefined): Promise<void> {
    const out = serializeState(engine);
    if (out !== previous) await this.#writeState(this.path, out);
    this.#cached = { text: out, engine };
  }


}
