import { z } from 'zod';
import { EtradeMessagesSchema, EtradeNumber, oneOrMany } from './primitives.ts';

const price = EtradeNumber.optional();

/** The `All` block of a quote (detailFlag ALL, the default; v1-facts §6.1). */
const AllSchema = z.looseObject({
  ask: price,
  askSize: price,
  bid: price,
  bidSize: price,
  lastTrade: price,
  totalVolume: price,
  timeOfLastTrade: price,
});

/** One `QuoteData` of `GET /v1/market/quote/{symbols}`. */
export const EtradeQuoteDataSchema = z.looseObject({
  dateTimeUTC: EtradeNumber.optional(),
  quoteStatus: z.string().optional(),
  Product: z.looseObject({ symbol: z.string().min(1), securityType: z.string().optional() }),
  All: AllSchema.optional(),
  Intraday: AllSchema.optional(),
});
export type EtradeQuoteData = z.infer<typeof EtradeQuoteDataSchema>;

export const EtradeQuoteResponseSchema = z.object({
  QuoteResponse: z.looseObject({ QuoteData: oneOrMany(EtradeQuoteDataSchema).optional(), Messages: EtradeMessagesSchema.optional() }),
});
