import { z } from 'zod';
import { EtradeId, EtradeNumber, oneOrMany } from './primitives.ts';

/** One account of `GET /v1/accounts/list` (v1-facts §4.1). */
export const EtradeAccountSchema = z.looseObject({
  accountId: EtradeId,
  accountIdKey: z.string().min(1),
  accountMode: z.string().optional(),
  accountDesc: z.string().optional(),
  accountName: z.string().optional(),
  accountType: z.string().optional(),
  institutionType: z.string().optional(),
  accountStatus: z.string().optional(),
});
export type EtradeAccount = z.infer<typeof EtradeAccountSchema>;

/** `AccountListResponse.Accounts.Account[]`. */
export const EtradeAccountListSchema = z.object({
  AccountListResponse: z.looseObject({
    Accounts: z.looseObject({ Account: oneOrMany(EtradeAccountSchema) }),
  }),
});

const money = EtradeNumber.optional();

/** `GET /v1/accounts/{accountIdKey}/balance` (v1-facts §4.2): the fields the core account needs. */
export const EtradeBalanceSchema = z.object({
  BalanceResponse: z.looseObject({
    accountId: EtradeId,
    accountType: z.string().optional(),
    accountMode: z.string().optional(),
    asOfDate: EtradeNumber.optional(),
    Computed: z.looseObject({
      cashAvailableForInvestment: money,
      cashBalance: money,
      netCash: money,
      cashBuyingPower: money,
      marginBuyingPower: money,
      accountBalance: money,
      RealTimeValues: z.looseObject({ totalAccountValue: money, netMv: money }).optional(),
    }),
  }),
});
export type EtradeBalance = z.infer<typeof EtradeBalanceSchema>['BalanceResponse'];
