import { z } from 'zod';

/**
 * One accountSummary row. Example: `{ account: 'DU1234567', tag: 'NetLiquidation', value:
 * '100012.50', currency: 'USD' }`. Values are decimal text, kept as text until mapped.
 */
export const IbAccountSummaryRowSchema = z.object({
  account: z.string().min(1),
  tag: z.string().min(1),
  value: z.string(),
  currency: z.string(),
});
export type IbAccountSummaryRow = z.output<typeof IbAccountSummaryRowSchema>;

/** The tags `getAccount` asks for (IB's AccountSummaryTags). */
export const IBKR_ACCOUNT_TAGS = ['NetLiquidation', 'TotalCashValue', 'BuyingPower', 'AvailableFunds', 'AccountType'] as const;
