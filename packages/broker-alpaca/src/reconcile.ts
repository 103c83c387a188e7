import { BrokerError, isBrokerError, OrderFilterSchema, OrderNotFoundError, type Order, type OrderFilter } from '@invest/broker-core';
import { toCoreOrder } from './map/order.ts';
import type { OrderTracker } from './order-tracker.ts';
import type { AlpacaOrder } from './schemas/order.ts';

/** Orders submitted this long before a stream drop are read back after it, for clock skew. */
const RECONCILE_MARGIN_MS = 60_000;

/** What reconciliation reads with and reports to. */
export interface ReconcileDeps {
  tracker: OrderTracker;
  list(filter: OrderFilter): Promise<AlpacaOrder[]>;
  getOrder(id: string): Promise<Order>;
  /** False once the adapter disconnected: reconciliation stops at its next step. */
  connected(): boolean;
  onError(error: BrokerError): void;
}

/**
 * After the stream was down: reads back what was working (one list of open orders, then by id
 * each followed order that is no longer in it) and every order submitted since shortly before
 * the drop, and applies them to the tracker as snapshots. What filled meanwhile is emitted as
 * fills once; what the stream already showed changes nothing.
 *
 * @example
 * ```ts
 * await reconcileAfterDrop({ tracker, list, getOrder, connected: () => session.connected, onError }, downSince)
 * ```
 */
export async function reconcileAfterDrop(deps: ReconcileDeps, downSince: number): Promise<void> {
  const { tracker } = deps;
  const open = await deps.list(OrderFilterSchema.parse({ status: 'open', limit: 10_000 }));
  if (!deps.connected()) return;
  const seen = new Set<string>();
  for (const raw of open) {
    seen.add(raw.id);
    for (const leg of raw.legs ?? []) seen.add(leg.id);
    tracker.report(toCoreOrder(raw));
  }
  for (const id of tracker.openIds()) {
    if (!deps.connected()) return;
    if (seen.has(id)) continue;
    try {
      tracker.report(await deps.getOrder(id));
    } catch (error) {
      if (error instanceof OrderNotFoundError) continue;
      deps.onError(isBrokerError(error) ? error : new BrokerError(`alpaca: could not read back order ${id}`, { broker: 'alpaca', cause: error }));
    }
  }
  if (!deps.connected()) return;
  const after = new Date(downSince - RECONCILE_MARGIN_MS).toISOString();
  const recent = await deps.list(OrderFilterSchema.parse({ status: 'all', after }));
  if (!deps.connected()) return;
  for (const raw of recent) tracker.report(toCoreOrder(raw));
}
