import { z } from 'zod';
import { IbOrderStatusName } from './order-status.ts';

const price = z.number().finite().optional();

/** The contract fields of an openOrder the adapter reads (always a stock routed SMART). */
export const IbContractSchema = z.object({
  symbol: z.string().min(1),
});

/**
 * The order fields of an openOrder the adapter reads (the library leaves unset ones undefined).
 * Fields the adapter never reads are left out: each message is read once, for what is used.
 */
export const IbOrderSchema = z.object({
  permId: z.number().optional(),
  /** BUY, SELL, or SSHORT (a short sale flagged as such). */
  action: z.string().min(1),
  totalQuantity: z.number().finite().nonnegative(),
  orderType: z.string().min(1),
  lmtPrice: price,
  auxPrice: price,
  trailingPercent: price,
  tif: z.string().optional(),
  orderRef: z.string().optional(),
  parentId: z.number().int().optional(),
  ocaGroup: z.string().optional(),
  outsideRth: z.boolean().optional(),
});

/**
 * The order state of an openOrder: its IB status, read here once. A status IB adds later (not in
 * `IbOrderStatusName`) reads as none, and the order's own progress decides.
 */
export const IbOrderStateSchema = z.object({ status: IbOrderStatusName.optional().catch(undefined) });

/**
 * One openOrder message. Example (as @stoqey/ib hands it over, fields abridged):
 * `{ orderId: 7, contract: { symbol: 'AAPL', secType: 'STK' }, order: { action: 'BUY', totalQuantity: 10,
 *   orderType: 'LMT', lmtPrice: 150, tif: 'DAY', orderRef: 'inv-7f3a', account: 'DU1234567' },
 *   orderState: { status: 'Submitted' } }`
 */
export const IbOpenOrderSchema = z.object({
  orderId: z.number().int(),
  contract: IbContractSchema,
  order: IbOrderSchema,
  orderState: IbOrderStateSchema,
});
export type IbOpenOrder = z.output<typeof IbOpenOrderSchema>;

/**
 * One completedOrder message (reqCompletedOrders): an order that ended, without its order id
 * (TWS names completed orders by permId), with the quantity that filled and how it ended.
 * Example: `{ contract: { symbol: 'AAPL' }, order: { action: 'BUY', totalQuantity: 10, orderType: 'LMT',
 * lmtPrice: 150, orderRef: 'inv-7f3a', permId: 900001, filledQuantity: 0 }, orderState: { status: 'Cancelled' } }`
 */
export const IbCompletedOrderSchema = z.object({
  contract: IbContractSchema,
  order: IbOrderSchema.extend({ filledQuantity: z.number().finite().nonnegative().optional() }),
  orderState: IbOrderStateSchema,
});
export type IbCompletedOrder = z.output<typeof IbCompletedOrderSchema>;
