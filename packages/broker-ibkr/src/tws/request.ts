import type { IBApi } from '@stoqey/ib';
import { ConnectionError, type BrokerError } from '@invest/broker-core';
import type { TwsConnection } from './connection.ts';
import type { RequestEntry, Waiting } from './request-book.ts';
import { ibkrError } from './error-map.ts';

/** One request / answer exchange with TWS. */
export interface RequestSpec<T> {
  /** For messages: `positions`, `quote AAPL`, `order 12`. */
  what: string;
  /** The request (or order) id TWS's errors for this request carry. */
  id?: number;
  /** More ids whose errors end the request (the orders of a bracket). */
  ids?: readonly number[];
  timeoutMs: number;
  /** Registers the listeners that collect the answer; returns what removes them. */
  listen?(ib: IBApi, finish: (value: T) => void, fail: (error: Error) => void): () => void;
  /**
   * For an order: called after each openOrder of one of its ids reached the tracker (the request
   * book routes echoes by id, as errors); the answer once it is complete, undefined until then.
   */
  echo?(id: number): T | undefined;
  /** Writes the request (paced by the connection). */
  send(ib: IBApi): void;
  /** Messages `send` writes (each takes one pacing grant). Default 1. */
  messages?: number;
  /** An order request: refusals are `rejected`, a lost answer `unknown`. */
  forOrder?: boolean;
  /** Reads an error for this id before the table does (market data fallback). Undefined: use the table. */
  onError?(code: number, text: string): Error | undefined | 'ignore';
}

/**
 * Runs one exchange: listens, sends, and settles on the answer, on an error TWS sends for the
 * request's id (mapped by table; informational codes are ignored), on a drop, or on timeout. For
 * an order, a drop or timeout after sending is a `ConnectionError` with outcome `unknown`.
 *
 * @example
 * ```ts
 * const rows = await twsRequest(tws, { what: 'positions', timeoutMs: 10_000, send: (ib) => ib.reqPositions(), listen: ... })
 * ```
 */
export function twsRequest<T>(tws: TwsConnection, spec: RequestSpec<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => new Exchange(tws, spec, resolve, reject).start());
}

/**
 * One exchange in flight: what the connection's request book routes to it (TWS's errors for its
 * ids, a drop, its deadline) and its own answer. One object per request, its methods shared.
 */
class Exchange<T> implements Waiting {
  readonly ids: readonly number[];
  readonly #tws: TwsConnection;
  readonly #spec: RequestSpec<T>;
  readonly #resolve: (value: T) => void;
  readonly #reject: (error: unknown) => void;
  readonly #entry: RequestEntry;
  #stopListening: (() => void) | undefined;
  #sent = false;
  #settled = false;

  constructor(tws: TwsConnection, spec: RequestSpec<T>, resolve: (value: T) => void, reject: (error: unknown) => void) {
    this.ids = spec.ids ?? (spec.id === undefined ? NO_IDS : [spec.id]);
    this.#tws = tws;
    this.#spec = spec;
    this.#resolve = resolve;
    this.#reject = reject;
    // The connection's request book routes TWS's errors by id, drops and deadlines here (one
    // listener and one timer for every request of the connection).
    this.#entry = tws.requests.add(this);
  }

  start(): void {
    this.#stopListening = this.#spec.listen?.(this.#tws.ib, (value) => this.#finish(value), (error) => this.#fail(error));
    if (this.#settled) {
      this.#stopListening?.();
      return;
    }
    // Written now when the pace allows (no promise per order); otherwise when its turn comes.
    const messages = this.#spec.messages ?? 1;
    try {
      if (this.#tws.sendNow((ib) => this.#write(ib), messages)) return;
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#tws.send((ib) => this.#write(ib), messages).catch((error: unknown) => this.#fail(error));
  }

  error(error: Error, code: number): void {
    const own = this.#spec.onError?.(code, error.message);
    if (own === 'ignore') return;
    const mapped = own ?? ibkrError(code, error.message, { what: this.#spec.what, forOrder: this.#spec.forOrder ?? false });
    if (mapped) this.#fail(mapped);
  }

  echo(id: number): void {
    const answer = this.#spec.echo?.(id);
    if (answer !== undefined) this.#finish(answer);
  }

  down(): void {
    this.#fail(this.#lost('the connection to TWS dropped before the answer'));
  }

  expire(): void {
    this.#fail(this.#lost(`no answer from TWS within ${this.#spec.timeoutMs} ms`));
  }

  #write(ib: IBApi): void {
    if (this.#settled) return;
    this.#sent = true;
    // The wait starts when the message goes out, not while it queues for its pacing grant.
    this.#tws.requests.arm(this.#entry, this.#spec.timeoutMs);
    this.#spec.send(ib);
  }

  #lost(why: string): BrokerError {
    return new ConnectionError(`ibkr: ${this.#spec.what}: ${why}`, {
      broker: 'ibkr',
      retryable: true,
      ...(this.#spec.forOrder ? { outcome: this.#sent ? 'unknown' : 'denied' } : {}),
    });
  }

  #finish(value: T): void {
    if (this.#settle()) this.#resolve(value);
  }

  #fail(error: unknown): void {
    if (this.#settle()) this.#reject(error);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#tws.requests.remove(this.#entry);
    // Undefined while `listen` itself runs (an answer found at once): start() stops it after.
    this.#stopListening?.();
    return true;
  }
}

const NO_IDS: readonly number[] = [];

let nextRequestId = 1_000_000_000;

/**
 * A request id for reqExecutions, reqAccountSummary and reqMktData, in a range order ids never
 * reach (TWS's errors carry one id field for both).
 *
 * @example
 * ```ts
 * const reqId = requestId()
 * ```
 */
export function requestId(): number {
  nextRequestId = nextRequestId >= 2_000_000_000 ? 1_000_000_000 : nextRequestId + 1;
  return nextRequestId;
}
