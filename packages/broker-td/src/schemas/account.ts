import { SchwabBalancesSchema, SchwabPositionSchema } from '@invest/broker-schwab';
import { z } from 'zod';

/** `GET /accounts/{accountId}?fields=positions`: TD names the account `accountId`; positions are Schwab's shape. */
export const TdAccountSchema = z.looseObject({
  securitiesAccount: z.looseObject({
    type: z.enum(['CASH', 'MARGIN']).optional(),
    accountId: z.string().optional(),
    positions: z.array(SchwabPositionSchema).optional(),
    initialBalances: SchwabBalancesSchema.optional(),
    currentBalances: SchwabBalancesSchema.optional(),
  }),
});
export type TdAccount = z.infer<typeof TdAccountSchema>;
