import type { AccountInfo, BrokerEvents, Clock, Logger } from '@invest/broker-core';
import type { EventEmitter } from 'eventemitter3';
import type { EngineEvent, SimEngine } from '../engine/engine.ts';
import { DiscardChanges } from '../persistence/discard-changes.ts';
import type { MemoryStateStore, StateStore } from '../persistence/state-store.ts';
import type { PriceSource } from '../prices/price-source.ts';
import { accountInfo } from './account-view.ts';
import { prefetchQuotes, withQuotes } from '../prices/prefetched-source.ts';
import { refreshPrices } from './price-refresh.ts';

/** How an operation treats the state: `change` and `submit` are commands (see `OperationRunner.run`). */
export type OperationMode = 'read' | 'change' | 'submit';

/** The events of an operation that recorded none: one shared list, never added to. */
const NO_EVENTS: readonly EngineEvent[] = [];

/** One `run`: what it runs, and what it recorded for listeners. */
interface Operation<T, A> {
  fn: (engine: SimEngine, arg: A) => T;
  arg: A;
  mode: OperationMode;
  events: readonly EngineEvent[];
  account: AccountInfo | undefined;
  fnError: { error: unknown } | undefined;
  ran: boolean;
  out: T | undefined;
}

/** An operation ran but its state may not have been saved; `cause` says why. */
export class Uncommitted extends Error {
  readonly events: readonly EngineEvent[];
  readonly account: AccountInfo | undefined;
  /** What the operation returned before its state failed to save. */
  readonly out: unknown;
  constructor(cause: unknown, events: readonly EngineEvent[], account: AccountInfo | undefined, out: unknown) {
    super('the state may not have been saved', { cause });
    this.events = events;
    this.account = account;
    this.out = out;
  }
}

/** What the runner needs from the broker it serves. */
export interface RunnerParts {
  store: StateStore;
  /** The in-memory store when the state lives in memory (the same object as `store`). */
  memory: MemoryStateStore | undefined;
  source: PriceSource | undefined;
  clock: Clock;
  logger: Logger;
  events: EventEmitter<BrokerEvents>;
}

/**
 * Runs the simulator's operations against its state, one at a time: take the state (one write
 * transaction on the state database), bring the market up to now, run the operation, commit, then
 * tell listeners.
 */
export class OperationRunner {
  readonly #p: RunnerParts;
  /** Whether the price source answers with promises (`brokerPrices` does; others once seen to). */
  #asyncSource: boolean | undefined;

  constructor(parts: RunnerParts) {
    this.#p = parts;
  }

  /** True when someone listens to order or fill events (the engine records them only then). */
  listening(): boolean {
    const e = this.#p.events;
    return e.listenerCount('order') + e.listenerCount('fill') > 0;
  }

  /**
   * One operation: take the state (a write transaction on the state database), bring the market up to now (price
   * source, session boundaries), run `fn`, commit, then tell listeners. Events are emitted only
   * after the state that produced them is durable. `mode`: `change` and `submit` are commands,
   * and one that fails after changing something (a bug, never a refusal) keeps nothing of it; a
   * `submit` whose state may not have been saved throws `Uncommitted` for the caller to settle.
   * `arg` is handed to `fn` (so a caller on the hot path needs no closure per call).
   */
  run<T, A = undefined>(symbols: string[], fn: (engine: SimEngine, arg: A) => T, mode: OperationMode = 'read', arg?: A): Promise<T> {
    const p = this.#p;
    const op: Operation<T, A> = { fn, arg: arg as A, mode, events: NO_EVENTS, account: undefined, fnError: undefined, ran: false, out: undefined };
    // In memory with no price source every step is synchronous: run it now, without the queue's
    // round of promises (when nothing else is under way), then emit as below, after a turn. Not
    // an async function: its frame and promise would be most of what a resting order allocates.
    let engine: SimEngine | undefined;
    try {
      engine = p.memory !== undefined && p.source === undefined ? p.memory.enter() : undefined;
    } catch (error) {
      return Promise.reject(error);
    }
    if (engine === undefined) return this.#queued(symbols, op);
    let failure: { error: unknown } | undefined;
    try {
      this.#body(this.#start(engine), op);
    } catch (error) {
      // Thrown by `fn` itself (a discarded change left nothing to tell).
      failure = { error: error instanceof DiscardChanges ? error.original : error };
    } finally {
      (p.memory as MemoryStateStore).leave();
    }
    if (op.events.length > 0 || op.account) return this.#emitAfterTurn(op, failure);
    return failure ? Promise.reject(failure.error) : Promise.resolve(op.out as T);
  }

  /** Tells listeners what an in-memory operation did, after a turn, then settles as it did. */
  async #emitAfterTurn<T, A>(op: Operation<T, A>, failure: { error: unknown } | undefined): Promise<T> {
    await Promise.resolve();
    this.emit(op.events, op.account);
    if (failure) throw failure.error;
    return op.out as T;
  }

  /** `run` through the store's queue: a state database, a price source, or another operation under way. */
  async #queued<T, A>(symbols: string[], op: Operation<T, A>): Promise<T> {
    const p = this.#p;
    const mode = op.mode;
    let committed = false;
    let source = p.source;
    if (source && p.memory === undefined && (this.#asyncSource ??= source.kind === 'broker')) {
      // A source that answers with promises is read before the transaction (see prefetchQuotes).
      // Others are never asked outside it: a time series must first `load` the account's state.
      const known = p.store.peek?.()?.activeSymbols() ?? [];
      const wanted = known.length === 0 ? symbols : [...new Set([...symbols, ...known])].sort();
      const quotes = await prefetchQuotes(source, wanted, p.clock.now());
      if (quotes) source = withQuotes(source, quotes);
    }
    try {
      const result = await p.store.transact((engine) => {
        this.#start(engine);
        const refreshing = source ? refreshPrices(engine, source, p.clock.now(), symbols) : undefined;
        // A custom source answered with a promise: read it before the transaction from now on.
        if (refreshing) this.#asyncSource = true;
        return refreshing ? refreshing.then(() => this.#body(engine, op)) : this.#body(engine, op);
      });
      committed = true;
      return result;
    } catch (error) {
      // The store rethrows `fn`'s own error after saving what came before it (a price refresh);
      // any other error means the state may not have been saved.
      if (op.fnError && error === op.fnError.error) committed = true;
      else if (op.ran && mode === 'submit') throw new Uncommitted(error, op.events, op.account, op.out);
      throw error;
    } finally {
      if (committed && (op.events.length > 0 || op.account)) this.emit(op.events, op.account);
    }
  }

  /** Tells listeners what an operation did: orders and fills in order, then the account. */
  emit(events: readonly EngineEvent[], account?: AccountInfo): void {
    const emitter = this.#p.events;
    for (const e of events) {
      if (e.type === 'order') emitter.emit('order', e.order);
      else emitter.emit('fill', e.fill);
    }
    if (account) emitter.emit('account', account);
  }

  /** Resets what one operation records. */
  #start(engine: SimEngine): SimEngine {
    engine.recording = this.listening();
    if (engine.events.length > 0) engine.events = [];
    engine.ledgerChanged = false;
    return engine;
  }

  /** Brings the market up to now and runs the operation, recording its events (see `run`). */
  #body<T, A>(engine: SimEngine, op: Operation<T, A>): T {
    const { clock, events, logger } = this.#p;
    engine.advanceTo(Math.max(clock.now(), engine.time));
    const mark = engine.mutations;
    let out: T;
    try {
      out = op.fn(engine, op.arg);
    } catch (error) {
      op.fnError = { error };
      op.events = engine.takeEvents();
      if (engine.ledgerChanged && events.listenerCount('account') > 0) op.account = accountInfo(engine);
      if (op.mode !== 'read' && engine.mutations !== mark) {
        op.events = NO_EVENTS;
        op.account = undefined;
        logger.error('sim operation failed midway; changes discarded', { error: String(error) });
        throw new DiscardChanges(error);
      }
      throw error;
    }
    op.ran = true;
    op.out = out;
    op.events = engine.takeEvents();
    if (engine.ledgerChanged && events.listenerCount('account') > 0) op.account = accountInfo(engine);
    return out;
  }
}
