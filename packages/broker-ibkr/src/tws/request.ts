import type { IBApi } from '@stoqey/ib';
import { ConnectionError, type BrokerError } from '@invest/broker-core';
import type { TwsConnection } from './connection.ts';
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
  listen(ib: IBApi, finish: (value: T) => void, fail: (error: Error) => void): () => void;
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
  return new Promise<T>((resolve, reject) => {
    let sent = false;
    let settled = false;
    const lost = (why: string): BrokerError =>
      new ConnectionError(`ibkr: ${spec.what}: ${why}`, { broker: 'ibkr', retryable: true, ...(spec.forOrder ? { outcome: sent ? 'unknown' : 'denied' } : {}) });
    const fail = (error: unknown): void => {
      if (!settle()) return;
      reject(error);
    };
    // The connection's request book routes TWS's errors by id, drops and deadlines to it (one
    // listener and one timer for every request of the connection).
    const entry = tws.requests.add({
      ids: spec.ids ?? (spec.id === undefined ? NO_IDS : [spec.id]),
      error(error, code) {
        const own = spec.onError?.(code, error.message);
        if (own === 'ignore') return;
        const mapped = own ?? ibkrError(code, error.message, { what: spec.what, forOrder: spec.forOrder ?? false });
        if (mapped) fail(mapped);
      },
      down: () => fail(lost('the connection to TWS dropped before the answer')),
      expire: () => fail(lost(`no answer from TWS within ${spec.timeoutMs} ms`)),
    });
    const stopListening = spec.listen(
      tws.ib,
      (value) => {
        if (settle()) resolve(value);
      },
      fail,
    );
    function settle(): boolean {
      if (settled) return false;
      settled = true;
      tws.requests.remove(entry);
      stopListening();
      return true;
    }
    const write = (ib: IBApi): void => {
      if (settled) return;
      sent = true;
      // The wait starts when the message goes out, not while it queues for its pacing grant.
      tws.requests.arm(entry, spec.timeoutMs);
      spec.send(ib);
    };
    tws.send(write, spec.messages ?? 1).catch(fail);
  });
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
