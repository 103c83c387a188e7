import { z } from 'zod';
import { timestampString } from './primitives.ts';

/** The Market Data API sends prices as JSON numbers (unlike the Trading API). */
const price = z.number().finite().nonnegative();
const size = z.number().finite().nonnegative();

/** A stock quote: bid/ask price (`bp`/`ap`), size (`bs`/`as`), exchange, conditions, tape, time. */
export const AlpacaStockQuoteSchema = z.looseObject({
  t: timestampString,
  bp: price,
  bs: size,
  ap: price,
  as: size,
  bx: z.string().optional(),
  ax: z.string().optional(),
  c: z.array(z.string()).optional(),
  z: z.string().optional(),
});

/** `GET /v2/stocks/{symbol}/quotes/latest`. */
export const AlpacaLatestQuoteSchema = z.looseObject({ symbol: z.string().min(1), quote: AlpacaStockQuoteSchema });
export type AlpacaLatestQuote = z.infer<typeof AlpacaLatestQuoteSchema>;

/** A stock trade: price `p`, size `s`, time `t`. */
export const AlpacaStockTradeSchema = z.looseObject({
  t: timestampString,
  p: price,
  s: size,
  x: z.string().optional(),
  i: z.number().optional(),
  c: z.array(z.string()).optional(),
  z: z.string().optional(),
});

/** `GET /v2/stocks/{symbol}/trades/latest`. */
export const AlpacaLatestTradeSchema = z.looseObject({ symbol: z.string().min(1), trade: AlpacaStockTradeSchema });
export type AlpacaLatestTrade = z.infer<typeof AlpacaLatestTradeSchema>;

/** Stock data feeds; `iex` is free, `sip` needs a subscription. */
export const AlpacaFeed = z.enum(['iex', 'sip', 'delayed_sip', 'boats', 'overnight', 'otc']);
export type AlpacaFeed = z.infer<typeof AlpacaFeed>;
