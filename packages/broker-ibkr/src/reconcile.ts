import type { BrokerError, Logger } from '@invest/broker-core';
import { toIbTime } from './map/timestamp.ts';
import type { IbCompletedOrder } from './schemas/open-order.ts';
import type { ExecutionRecord, OpenOrders } from './tws/reads.ts';

/** Executions from this long before the last one seen are read back, for clock skew. */
const RECONCILE_MARGIN_MS = 60_000;

/** What reconciliation reads with and reports to. */
export interface ReconcileDeps {
  /** Open orders of this client (their openOrder / orderStatus reach the tracker on the way). */
  openOrders(): Promise<OpenOrders>;
  executions(since: string | undefined): Promise<ExecutionRecord[]>;
  /** Applies one execution (counted once by execId). */
  ingest(record: ExecutionRecord): void;
  /** The day's completed orders (how orders no longer open ended). */
  completedOrders(): Promise<IbCompletedOrder[]>;
  /** Applies how a completed order ended to the order it is, when followed. */
  settle(order: IbCompletedOrder): void;
  /** When the last execution this instance saw happened (epoch ms), if any. */
  lastExecutionAt(): number | undefined;
  onError(error: BrokerError): void;
  logger: Logger;
}

/**
 * After a reconnect: reads the open orders (their state reaches the tracker as snapshots), the
 * executions since shortly before the last one seen, applied once each, and the day's completed
 * orders (what was canceled or refused meanwhile). What filled while the connection was down
 * becomes fill events; what was already seen changes nothing.
 *
 * @example
 * ```ts
 * await reconcileAfterReconnect(deps)
 * ```
 */
export async function reconcileAfterReconnect(deps: ReconcileDeps): Promise<void> {
  try {
    const open = await deps.openOrders();
    const last = deps.lastExecutionAt();
    const since = last === undefined ? undefined : toIbTime(new Date(last - RECONCILE_MARGIN_MS));
    const records = await deps.executions(since);
    for (const record of records) deps.ingest(record);
    const ended = await deps.completedOrders();
    for (const order of ended) deps.settle(order);
    deps.logger.info('reconciled after reconnect', { openOrders: open.orders.length, executions: records.length, completed: ended.length });
  } catch (error) {
    deps.onError(error as BrokerError);
  }
}
