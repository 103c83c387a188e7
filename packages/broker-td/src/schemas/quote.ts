import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

/** One instrument in `GET /marketdata/{symbol}/quotes`: flat fields (no `quote` object, unlike Schwab). */
export const TdQuoteEntrySchema = z.looseObject({
  symbol: z.string().optional(),
  assetType: z.string().optional(),
  bidPrice: num.optional(),
  askPrice: num.optional(),
  lastPrice: num.optional(),
  bidSize: num.optional(),
  askSize: num.optional(),
  lastSize: num.optional(),
  quoteTimeInLong: z.number().int().optional(),
  tradeTimeInLong: z.number().int().optional(),
});
export type TdQuoteEntry = z.infer<typeof TdQuoteEntrySchema>;

/** The answer: a map from symbol to its entry. */
export const TdQuoteResponseSchema = z.record(z.string(), z.unknown());
