import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

/** The price and size fields Schwab's `quote` object and TD's flat quote share. */
export const QUOTE_PRICE_FIELDS = {
  bidPrice: num.optional(),
  askPrice: num.optional(),
  lastPrice: num.optional(),
  bidSize: num.optional(),
  askSize: num.optional(),
  lastSize: num.optional(),
};

/** One instrument's entry in `GET /marketdata/v1/{symbol}/quotes` (equity fields read; others kept in `raw`). */
export const SchwabQuoteEntrySchema = z.looseObject({
  symbol: z.string().optional(),
  assetMainType: z.string().optional(),
  quote: z
    .looseObject({
      ...QUOTE_PRICE_FIELDS,
      quoteTime: z.number().int().optional(),
      tradeTime: z.number().int().optional(),
    })
    .optional(),
});
export type SchwabQuoteEntry = z.infer<typeof SchwabQuoteEntrySchema>;

/** The answer: a map from symbol to its entry (`QuoteResponse`). */
export const SchwabQuoteResponseSchema = z.record(z.string(), z.unknown());
