import { readFileSync } from 'node:fs';
import { AccountInfoSchema, PositionSchema, QuoteSchema } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { AlpacaAccountSchema } from '../schemas/account.ts';
import { AlpacaLatestQuoteSchema, AlpacaLatestTradeSchema } from '../schemas/market-data.ts';
import { AlpacaPositionSchema } from '../schemas/position.ts';
import { TradeUpdateSchema } from '../schemas/stream.ts';
import { toCoreAccount } from './account.ts';
import { toCorePosition } from './position.ts';
import { toCoreQuote } from './quote.ts';
import { fromTradeUpdate } from './trade-update.ts';

const json = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8'));

describe('account, position, quote and trade update mapping', () => {
  it('account: balances, exact day P&L, margin from the multiplier, the paper flag from the config', () => {
    const account = toCoreAccount(AlpacaAccountSchema.parse(json('alpaca-account.json')), true);
    expect(AccountInfoSchema.parse(account)).toBeTruthy();
    expect(account).toMatchObject({
      accountId: '3f1b9a8e-52c4-4d41-a0c8-5f8b1c2d9e70', currency: 'USD', cash: 98500.25, buyingPower: 197000.5, portfolioValue: 100310.25,
      equity: 100310.25, startOfDayEquity: 100000.1, dayPnl: 310.15, accountType: 'margin', paper: true, status: 'ACTIVE',
    });
  });

  it('short position: negative quantity, positive average cost, cost basis |qty| x avg exactly', () => {
    const position = toCorePosition(AlpacaPositionSchema.parse(json('alpaca-position-short.json')));
    expect(PositionSchema.parse(position)).toBeTruthy();
    expect(position).toMatchObject({ symbol: 'MSFT', quantity: -3, side: 'short', averageCost: 410.1, costBasis: 1230.3, marketValue: -1227, unrealizedPnl: 3.3, currentPrice: 409 });
  });

  it('quote: bid, ask, sizes and the last trade, time the newer of the two', () => {
    const quote = toCoreQuote(AlpacaLatestQuoteSchema.parse(json('latest-quote.json')), AlpacaLatestTradeSchema.parse(json('latest-trade.json')));
    expect(QuoteSchema.parse(quote)).toBeTruthy();
    expect(quote).toMatchObject({ symbol: 'AAPL', bid: 99.99, ask: 100.01, bidSize: 2, askSize: 3, last: 100, lastSize: 50, timestamp: '2026-01-02T14:30:00.900Z' });
    const empty = toCoreQuote({ symbol: 'AAPL', quote: { t: '2026-01-02T14:30:00Z', bp: 0, bs: 0, ap: 12.5, as: 1 } });
    expect(empty.bid).toBeUndefined();
  });

  it('trade update: the snapshot, the lifecycle event, and the execution', () => {
    const message = json('trade-update-partial-fill.json') as { data: unknown };
    const mapped = fromTradeUpdate(TradeUpdateSchema.parse(message.data));
    expect(mapped.event).toBe('partial_fill');
    expect(mapped.update).toMatchObject({ kind: 'event', status: 'partially_filled', filledQuantity: 1, averageFillPrice: 100.02, quantity: 3, timestamp: '2026-01-02T14:30:01.500Z' });
    expect(mapped.execution).toEqual({ executionId: 'c5d1e0f2-7b8a-4c3d-9e6f-102938475610', quantity: 1, price: 100.02, timestamp: '2026-01-02T14:30:01.500Z' });
  });
});
