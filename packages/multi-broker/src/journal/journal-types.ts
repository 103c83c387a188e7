import type { Order, OrderRequest } from '@invest/broker-core';

/** An order about to be sent. Committed before the order leaves the process. */
export interface JournalIntent {
  type: 'intent';
  at: string;
  broker: string;
  clientOrderId: string;
  request: OrderRequest;
}

/**
 * What became of an intent. `accepted` / `rejected` / `denied` come from the submission itself;
 * `unknown` says the answer was lost (it does not settle the intent); `found` / `absent` come from
 * reconciliation by lookup; `found_after_absent` is an order seen after it had been recorded
 * `absent` (the later sighting wins, and is logged as a warning).
 */
export type OutcomeKind = 'accepted' | 'rejected' | 'denied' | 'unknown' | 'found' | 'absent' | 'found_after_absent';

export interface JournalOutcome {
  type: 'outcome';
  at: string;
  broker: string;
  clientOrderId: string;
  kind: OutcomeKind;
  orderId?: string;
  status?: string;
  error?: { code: string; message: string };
}

export type JournalRecord = JournalIntent | JournalOutcome;

/** What one reconciliation did with one intent. */
export interface ReconcileResult {
  broker: string;
  clientOrderId: string;
  /**
   * `found` / `absent`: recorded so. `still_unknown`: not found, but the lookup budget or the
   * settle window does not prove it absent yet (or a lookup failed); left for a later start.
   * `in_flight`: its owner process is still running (it may be about to send it): not touched.
   * `found_after_absent`: recorded `absent` earlier, found now (logged as a warning).
   */
  kind: 'found' | 'absent' | 'still_unknown' | 'in_flight' | 'found_after_absent';
  order?: Order;
  /** Lookups made for it. */
  lookups: number;
}

/** One intent and what became of it, as `invest journal` lists it. */
export interface JournalEntry {
  /** When the intent was written (just before the order was sent), ISO 8601 UTC. */
  at: string;
  broker: string;
  clientOrderId: string;
  symbol: string;
  side: string;
  type: string;
  /** Exact decimal text, as the request gave it. */
  quantity?: string;
  notional?: string;
  /** The settling outcome, `unknown` when the last answer was lost, else `pending`. */
  outcome: OutcomeKind | 'pending';
  orderId?: string;
  error?: { code: string; message: string };
  /** When the last outcome was written. */
  settledAt?: string;
}
