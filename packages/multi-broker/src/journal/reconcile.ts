import { silentLogger, systemClock, type Clock, type Logger, type Order } from '@invest/broker-core';
import type { IntentRow, JournalStore } from './journal-store.ts';
import type { ReconcileResult } from './journal-types.ts';
import { currentOwner, isOwnerAlive } from './process-owner.ts';

/** How an intent whose owner is gone is settled. */
export interface ReconcileOptions {
  /**
   * Lookups per intent before it may be called absent (default 5, as core's `submitWithRecovery`):
   * a broker's lookup by client order id lags behind its order book, so one miss proves nothing.
   */
  lookups?: number;
  /** Wait before the second lookup, doubling after each miss (default 250 ms). */
  delayMs?: number;
  /**
   * An intent is proved absent only when its last lookup ran at least this long after the intent
   * was written (default 60 s). A request can reach the broker as late as the HTTP timeout of the
   * process that sent it (core's client waits 10 s per attempt; an order is never resent, but a
   * slow proxy or TCP retransmits can hold it longer), and brokers index a new order for lookup
   * seconds after accepting it: a minute covers both with room to spare, and a restart a minute
   * after a crash still settles everything.
   */
  settleMs?: number;
  /**
   * Intents recorded `absent` less than this long ago (default 24 h) are looked up once more on
   * each reconciliation: a sighting then records `found_after_absent` (with a warning). 0: never.
   */
  recheckAbsentMs?: number;
  /**
   * Whether intents of `broker` can be looked up here (default: all). The manager leaves out
   * accounts it does not hold (`invest --broker X`) or could not reach: their intents wait,
   * unclaimed, for a process that can ask.
   */
  canLookUp?: (broker: string) => boolean;
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_SETTLE_MS = 60_000;
export const DEFAULT_RECHECK_ABSENT_MS = 24 * 60 * 60_000;

type Lookup = (broker: string, clientOrderId: string) => Promise<Order | undefined>;

async function lookUp(row: IntentRow, lookup: Lookup, budget: number, delayMs: number, clock: Clock): Promise<{ order?: Order; failed?: unknown; lookups: number; lastAt: number }> {
  let lastAt = clock.now();
  for (let n = 1; ; n++) {
    lastAt = clock.now();
    try {
      const order = await lookup(row.broker, row.client_order_id);
      if (order) return { order, lookups: n, lastAt };
    } catch (failed) {
      // A failed lookup is no answer: it neither finds nor proves anything.
      return { failed, lookups: n, lastAt };
    }
    if (n >= budget) return { lookups: n, lastAt };
    await clock.sleep(delayMs * 2 ** (n - 1));
  }
}

/**
 * Settles the intents no live process owns. Each one is first claimed (so two processes starting
 * at once never both settle it), then looked up by client order id up to the lookup budget:
 * found is recorded `found`; missed every time is recorded `absent` only when the last lookup ran
 * a settle window after the intent was written; otherwise (or when a lookup fails) it is released
 * for a later start. An intent whose owner still runs is `in_flight` and not touched.
 *
 * @example
 * ```ts
 * await reconcileJournal(store, (broker, id) => manager.get(broker).findOrderByClientId(id), { settleMs: 60_000 })
 * ```
 */
export async function reconcileJournal(store: JournalStore, lookup: Lookup, options: ReconcileOptions = {}): Promise<ReconcileResult[]> {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? silentLogger;
  const budget = Math.max(1, options.lookups ?? 5);
  const delayMs = options.delayMs ?? 250;
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const self = currentOwner();
  const results: ReconcileResult[] = [];
  const claimed: IntentRow[] = [];
  const askable = options.canLookUp ?? (() => true);
  for (const row of store.pending()) {
    if (!askable(row.broker)) continue;
    const owned = row.owner_pid !== null && row.owner_start !== null;
    if (owned && isOwnerAlive({ pid: row.owner_pid!, start: row.owner_start! })) {
      results.push({ broker: row.broker, clientOrderId: row.client_order_id, kind: 'in_flight', lookups: 0 });
    } else if (store.claim(row, self)) {
      claimed.push(row);
    }
  }
  const settled = await Promise.all(claimed.map(async (row): Promise<ReconcileResult> => {
    const base = { broker: row.broker, clientOrderId: row.client_order_id };
    const seen = await lookUp(row, lookup, budget, delayMs, clock);
    if (seen.order) {
      store.settleClaimed(row.id, self, { at: clock.now(), kind: 'found', orderId: seen.order.id, status: seen.order.status });
      return { ...base, kind: 'found', order: seen.order, lookups: seen.lookups };
    }
    if (seen.failed === undefined && seen.lastAt >= row.at + settleMs) {
      store.settleClaimed(row.id, self, { at: clock.now(), kind: 'absent' });
      return { ...base, kind: 'absent', lookups: seen.lookups };
    }
    if (seen.failed !== undefined) log.warn('journal lookup failed; the intent stays pending', { ...base, error: seen.failed });
    store.release(row.id);
    return { ...base, kind: 'still_unknown', lookups: seen.lookups };
  }));
  const recheck = await recheckAbsent(store, lookup, askable, clock, log, options.recheckAbsentMs ?? DEFAULT_RECHECK_ABSENT_MS);
  return [...results, ...settled, ...recheck];
}

/** One more lookup of each recent `absent`: an order found now was placed after all. */
async function recheckAbsent(store: JournalStore, lookup: Lookup, askable: (broker: string) => boolean, clock: Clock, log: Logger, windowMs: number): Promise<ReconcileResult[]> {
  if (windowMs <= 0) return [];
  const rows = store.absentSince(clock.now() - windowMs).filter((row) => askable(row.broker));
  // A failed lookup (even one that throws before it returns a promise) proves nothing either way.
  const seen = await Promise.all(rows.map(async (row) => ({ row, order: await Promise.resolve().then(() => lookup(row.broker, row.client_order_id)).catch(() => undefined) })));
  const results: ReconcileResult[] = [];
  for (const { row, order } of seen) {
    if (!order) continue;
    // The lookup itself may have gone through `withJournal`, whose sighting already corrected it.
    if (store.absentIntent(row.broker, row.client_order_id) !== undefined) {
      store.recordOutcome(row.broker, row.client_order_id, { at: clock.now(), kind: 'found', orderId: order.id, status: order.status });
      log.warn('journal: an order recorded absent was found at the broker; recorded found_after_absent', { broker: row.broker, clientOrderId: row.client_order_id, orderId: order.id });
    }
    results.push({ broker: row.broker, clientOrderId: row.client_order_id, kind: 'found_after_absent', order, lookups: 1 });
  }
  return results;
}
