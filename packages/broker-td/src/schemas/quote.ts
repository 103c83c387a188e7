import { QUOTE_PRICE_FIELDS } from '@invest/broker-schwab';
import { z } from 'zod';

/** One instrument in `GET /marketdata/{symbol}/quotes`: flat fields (no `quote` object, unlike Schwab). */
export const TdQuoteEntrySchema = z.looseObject({
  symbol: z.string().optional(),
  assetType: z.string().optional(),
  ...QUOTE_PRICE_FIELDS,
  quoteTimeInLong: z.number().int().optional(),
  tradeTimeInLong: z.number().int().optional(),
});
export type TdQuoteEntry = z.infer<typeof TdQuoteEntrySchema>;

/** The answer: a map from symbol to its entry. */
export const TdQuoteResponseSchema = z.record(z.string(), z.unknown());
