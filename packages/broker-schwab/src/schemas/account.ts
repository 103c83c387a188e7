import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

/** `GET /accounts/accountNumbers`: each plain account number with the hash every other call takes. */
export const SchwabAccountNumbersSchema = z.array(z.looseObject({ accountNumber: z.string().min(1), hashValue: z.string().min(1) }));
export type SchwabAccountNumbers = z.infer<typeof SchwabAccountNumbersSchema>;

/** One holding (`Position`); numbers are JSON numbers. */
export const SchwabPositionSchema = z.looseObject({
  longQuantity: num.optional(),
  shortQuantity: num.optional(),
  averagePrice: num.optional(),
  averageLongPrice: num.optional(),
  averageShortPrice: num.optional(),
  marketValue: num.optional(),
  longOpenProfitLoss: num.optional(),
  shortOpenProfitLoss: num.optional(),
  currentDayProfitLoss: num.optional(),
  instrument: z.looseObject({ symbol: z.string().min(1), assetType: z.string().optional() }),
});
export type SchwabPosition = z.infer<typeof SchwabPositionSchema>;

/** The balance fields read, from `MarginBalance`, `CashBalance` and their initial (start of day) variants (TD's too). */
export const SchwabBalancesSchema = z.looseObject({
  cashBalance: num.optional(),
  cashAvailableForTrading: num.optional(),
  totalCash: num.optional(),
  availableFunds: num.optional(),
  buyingPower: num.optional(),
  equity: num.optional(),
  accountValue: num.optional(),
  liquidationValue: num.optional(),
});

/** `GET /accounts/{accountHash}?fields=positions`. */
export const SchwabAccountSchema = z.looseObject({
  securitiesAccount: z.looseObject({
    type: z.enum(['CASH', 'MARGIN']).optional(),
    accountNumber: z.string().optional(),
    positions: z.array(SchwabPositionSchema).optional(),
    initialBalances: SchwabBalancesSchema.optional(),
    currentBalances: SchwabBalancesSchema.optional(),
  }),
});
export type SchwabAccount = z.infer<typeof SchwabAccountSchema>;
