import { ConfigError } from '@invest/broker-core';
import { describe, expect, test } from 'vitest';
import { csvPrices, parseQuoteCsv } from './csv-prices.ts';
import type { SimQuote } from './price-source.ts';

const CSV = `timestamp,symbol,bid,ask,last,bidSize,askSize
2026-03-02T14:30:00Z,AAPL,187.20,187.23,187.21,300,200
2026-03-02T14:30:01Z,MSFT,409.9,410.1,,100,100
1772462000000,AAPL,187.25,187.27,187.26,,
2026-03-02T14:30:00.500Z,aapl,187.22,187.24,187.23,10,10
`;

describe('csvPrices', () => {
  test('rows in time order; equal times keep file order; empty cells are absent', () => {
    const prices = csvPrices({ text: CSV });
    const ticks = prices.ticks();
    expect(ticks.map((t) => t.symbol)).toEqual(['AAPL', 'AAPL', 'MSFT', 'AAPL']);
    expect(ticks[2]).toEqual({ symbol: 'MSFT', time: Date.parse('2026-03-02T14:30:01Z'), bid: 409.9, ask: 410.1, bidSize: 100, askSize: 100 });
    expect(prices.symbols()).toEqual(['AAPL', 'MSFT']);
  });

  test('quote is the latest row at or before a time; between gives the rows in (from, to]', () => {
    const prices = csvPrices({ text: CSV });
    expect(prices.quote('AAPL', Date.parse('2026-03-02T14:29:59Z'))).toBeUndefined();
    expect(prices.knows?.('AAPL')).toBe(true);
    expect((prices.quote('AAPL', Date.parse('2026-03-02T14:30:00.700Z')) as SimQuote | undefined)?.last).toBe(187.23);
    const between = [...(prices.between?.('AAPL', Date.parse('2026-03-02T14:30:00Z'), 1772462000000) ?? [])];
    expect(between.map((q) => q.last)).toEqual([187.23, 187.26]);
  });

  test.each([
    ['timestamp,symbol,bid,price\n', /column price: is not a known column/],
    ['symbol,bid\n', /column timestamp: is missing/],
    ['timestamp,symbol,bid,ask\n2026-03-02T14:30:00Z,AAPL,-1,2\n', /line 2, column bid: must be a finite number above 0, got "-1"/],
    ['timestamp,symbol,bid,ask\nyesterday,AAPL,1,2\n', /line 2, column timestamp: is not a timestamp/],
    ['timestamp,symbol,bid,ask\n2026-03-02T14:30:00Z,AAPL,3,2\n', /line 2, column bid: is above the ask/],
    ['timestamp,symbol,bid,ask\n2026-03-02T14:30:00Z,AAPL,,\n', /line 2, column last: a row needs/],
    ['timestamp,symbol,last\n2026-03-02T14:30:00Z,AAPL\n', /line 2, column \*: has 2 cells/],
  ])('a bad file is a ConfigError naming the line and column (%#)', (text, message) => {
    expect(() => parseQuoteCsv(text, 'q.csv')).toThrow(ConfigError);
    expect(() => parseQuoteCsv(text, 'q.csv')).toThrow(message);
  });
});
