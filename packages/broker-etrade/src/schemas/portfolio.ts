import { z } from 'zod';
import { EtradeNumber, oneOrMany } from './primitives.ts';

/** One holding of `GET /v1/accounts/{k}/portfolio` (v1-facts §4.3). */
export const EtradePositionSchema = z.looseObject({
  positionId: EtradeNumber.optional(),
  symbolDescription: z.string().optional(),
  Product: z.looseObject({ symbol: z.string().min(1), securityType: z.string().optional() }),
  quantity: EtradeNumber,
  positionType: z.enum(['LONG', 'SHORT']).or(z.string()).optional(),
  pricePaid: EtradeNumber.optional(),
  costPerShare: EtradeNumber.optional(),
  totalCost: EtradeNumber.optional(),
  marketValue: EtradeNumber.optional(),
  totalGain: EtradeNumber.optional(),
  Quick: z.looseObject({ lastTrade: EtradeNumber.optional() }).optional(),
});
export type EtradePosition = z.infer<typeof EtradePositionSchema>;

/** `PortfolioResponse.AccountPortfolio[].Position[]`; paged with `nextPageNo`. */
export const EtradePortfolioSchema = z.object({
  PortfolioResponse: z.looseObject({
    AccountPortfolio: oneOrMany(
      z.looseObject({
        accountId: z.unknown().optional(),
        nextPageNo: EtradeNumber.optional(),
        Position: oneOrMany(EtradePositionSchema).optional(),
      }),
    ).optional(),
  }),
});
