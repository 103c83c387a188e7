import { z } from 'zod';

/** IB's order statuses (https://interactivebrokers.github.io/tws-api/order_submission.html). Strict: an unknown one is an error. */
export const IbOrderStatusName = z.enum([
  'ApiPending', 'PendingSubmit', 'PendingCancel', 'PreSubmitted', 'Submitted', 'ApiCancelled', 'Cancelled', 'Filled', 'Inactive',
]);
export type IbOrderStatusName = z.infer<typeof IbOrderStatusName>;

/**
 * The fields of one orderStatus message the adapter reads (its parent and client ids are plain
 * numbers the library gives beside it). Example: `{ orderId: 7, status: 'Submitted', filled: 3,
 * avgFillPrice: 150.02 }`
 */
export const IbOrderStatusSchema = z.object({
  orderId: z.number().int(),
  status: IbOrderStatusName,
  filled: z.number().finite().nonnegative(),
  avgFillPrice: z.number().finite().nonnegative(),
});
export type IbOrderStatus = z.output<typeof IbOrderStatusSchema>;
