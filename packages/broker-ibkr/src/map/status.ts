import type { OrderStatus } from '@invest/broker-core';
import type { IbOrderStatusName } from '../schemas/order-status.ts';

/**
 * IB order status -> core status, as a table. `Submitted` with some filled is `partially_filled`
 * (see `toCoreStatus`); `Inactive` is an order TWS refused or parked (rejected for good);
 * `PreSubmitted` is accepted by TWS but not yet at the exchange (a stop waiting, before the open).
 */
export const IBKR_STATUS: Readonly<Record<IbOrderStatusName, OrderStatus>> = {
  ApiPending: 'pending_new',
  PendingSubmit: 'pending_new',
  PreSubmitted: 'accepted',
  Submitted: 'new',
  PendingCancel: 'pending_cancel',
  ApiCancelled: 'canceled',
  Cancelled: 'canceled',
  Filled: 'filled',
  Inactive: 'rejected',
};

/**
 * The core status for an IB status and the quantity filled so far.
 *
 * @example
 * ```ts
 * toCoreStatus('Submitted', 3) // 'partially_filled'
 * toCoreStatus('PreSubmitted', 0, true) // 'held' (a leg waiting for its parent)
 * ```
 */
export function toCoreStatus(status: IbOrderStatusName, filled: number, child = false): OrderStatus {
  const mapped = IBKR_STATUS[status];
  if (filled > 0 && (mapped === 'new' || mapped === 'accepted')) return 'partially_filled';
  // A bracket leg TWS holds until its parent fills.
  return child && status === 'PreSubmitted' ? 'held' : mapped;
}
