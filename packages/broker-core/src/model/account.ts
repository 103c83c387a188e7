import { z } from 'zod';
import { finiteNumber, isoTimestamp, positiveNumber } from './primitives.ts';

/** A holding. `quantity` is signed: negative for a short; `side` agrees with it. */
export const PositionSchema = z
  .object({
    symbol: z.string().min(1),
    quantity: finiteNumber.refine((n) => n !== 0, { error: 'must not be 0 (a closed position is not listed)' }),
    side: z.enum(['long', 'short']),
    /** Average cost per share, always positive. */
    averageCost: positiveNumber,
    /** |quantity| x averageCost. */
    costBasis: finiteNumber,
    currentPrice: positiveNumber.optional(),
    marketValue: finiteNumber.optional(),
    unrealizedPnl: finiteNumber.optional(),
    realizedPnl: finiteNumber.optional(),
    assetClass: z.string().optional(),
    raw: z.unknown().optional(),
  })
  .refine((p) => (p.side === 'long') === p.quantity > 0, { error: 'side must agree with the sign of quantity', path: ['side'] });
export type Position = z.infer<typeof PositionSchema>;

/** Balances of one account. Money is in `currency`. */
export const AccountInfoSchema = z.object({
  accountId: z.string().min(1),
  currency: z.string().length(3),
  cash: finiteNumber,
  buyingPower: finiteNumber,
  portfolioValue: finiteNumber,
  equity: finiteNumber,
  /** Equity at the start of the trading day, where the broker gives it (basis of day P&L). */
  startOfDayEquity: finiteNumber.optional(),
  dayPnl: finiteNumber.optional(),
  accountType: z.enum(['cash', 'margin']).optional(),
  paper: z.boolean(),
  status: z.string().optional(),
  updatedAt: isoTimestamp.optional(),
  raw: z.unknown().optional(),
});
export type AccountInfo = z.infer<typeof AccountInfoSchema>;

/** Latest quote. At least one of bid, ask and last is present. */
export const QuoteSchema = z
  .object({
    symbol: z.string().min(1),
    bid: positiveNumber.optional(),
    ask: positiveNumber.optional(),
    last: positiveNumber.optional(),
    bidSize: finiteNumber.optional(),
    askSize: finiteNumber.optional(),
    lastSize: finiteNumber.optional(),
    timestamp: isoTimestamp,
    raw: z.unknown().optional(),
  })
  .refine((q) => q.bid !== undefined || q.ask !== undefined || q.last !== undefined, {
    error: 'needs at least one of bid, ask and last',
  });
export type Quote = z.infer<typeof QuoteSchema>;
