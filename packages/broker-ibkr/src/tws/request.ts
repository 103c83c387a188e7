import { EventName, type IBApi } from '@stoqey/ib';
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
    const stopListening = spec.listen(tws.ib, (value) => settle(() => resolve(value)), (error) => settle(() => reject(error)));
    const lost = (why: string): BrokerError =>
      new ConnectionError(`ibkr: ${spec.what}: ${why}`, { broker: 'ibkr', retryable: true, ...(spec.forOrder ? { outcome: sent ? 'unknown' : 'denied' } : {}) });
    const onError = (error: Error, code: number, id: number): void => {
      if (id !== spec.id && !(spec.ids?.includes(id) ?? false)) return;
      const own = spec.onError?.(code, error.message);
      if (own === 'ignore') return;
      const mapped = own ?? ibkrError(code, error.message, { what: spec.what, forOrder: spec.forOrder ?? false });
      if (mapped) settle(() => reject(mapped));
    };
    const onDown = (): void => settle(() => reject(lost('the connection to TWS dropped before the answer')));
    // The wait starts when the message goes out, not while it queues for its pacing grant.
    let timer: ReturnType<typeof setTimeout> | undefined;
    function settle(action: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopListening();
      tws.ib.off(EventName.error, onError);
      tws.off('down', onDown);
      action();
    }
    tws.ib.on(EventName.error, onError);
    tws.on('down', onDown);
    tws.send((ib) => {
      if (settled) return;
      sent = true;
      timer = setTimeout(() => settle(() => reject(lost(`no answer from TWS within ${spec.timeoutMs} ms`))), spec.timeoutMs);
      spec.send(ib);
    }, spec.messages ?? 1).catch((error: unknown) => settle(() => reject(error)));
  });
}

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
