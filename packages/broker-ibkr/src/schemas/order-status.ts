import { z } from 'zod';

/** IB's order statuses (https://interactivebrokers.github.io/tws-api/order_submission.html). Strict: an unknown one is an error. */
export const IbOrderStatusName = z.enum([
  'ApiPending', 'PendingSubmit', 'PendingCancel', 'PreSubmitted', 'Submitted', 'ApiCancelled', 'Cancelled', 'Filled', 'Inactive',
]);
export type IbOrderStatusName = z.infer<typeof IbOrderStatusName>;

/**
 * One orderStatus message. Example: `{ orderId: 7, status: 'Submitted', filled: 3, remaining: 7,
 * avgFillPrice: 150.02, lastFillPrice: 150.03, permId: 900001, parentId: 0, clientId: 1 }`
 */
export const IbOrderStatusSchema = z.object({
  orderId: z.number().int(),
  status: IbOrderStatusName,
  filled: z.number().finite().nonnegative(),
  remaining: z.number().finite(),
  avgFillPrice: z.number().finite().nonnegative(),
  lastFillPrice: z.number().finite().optional(),
  permId: z.number().optional(),
  parentId: z.number().optional(),
  clientId: z.number().optional(),
});
export type IbOrderStatus = z.output<typeof IbOrderStatusSchema>;
