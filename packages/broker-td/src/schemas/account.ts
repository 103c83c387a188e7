import { SchwabPositionSchema } from '@invest/broker-schwab';
import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { error: 'must be a finite number' });
const Balances = z.looseObject({
  cashBalance: num.optional(),
  cashAvailableForTrading: num.optional(),
  totalCash: num.optional(),
  availableFunds: num.optional(),
  buyingPower: num.optional(),
  equity: num.optional(),
  accountValue: num.optional(),
  liquidationValue: num.optional(),
});

/** `GET /accounts/{accountId}?fields=positions`: TD names the account `accountId`; positions are Schwab's shape. */
export const TdAccountSchema = z.looseObject({
  securitiesAccount: z.looseObject({
    type: z.enum(['CASH', 'MARGIN']).optional(),
    accountId: z.string().optional(),
    positions: z.array(SchwabPositionSchema).optional(),
    initialBalances: Balances.optional(),
    currentBalances: Balances.optional(),
  }),
});
export type TdAccount = z.infer<typeof TdAccountSchema>;
