import { readFileSync } from 'node:fs';
import { ConfigError } from '@invest/broker-core';
import type { PriceSource, SimQuote } from './price-source.ts';

/** A CSV replay: `quote` answers as of a time, `ticks` gives every row in time order. */
export interface CsvPriceSource extends PriceSource {
  readonly kind: 'csv';
  /** Every row in time order (rows with equal times keep their file order). */
  ticks(): readonly SimQuote[];
  symbols(): string[];
}

export interface CsvPricesOptions {
  /** Path of the CSV file (read once, when the source is made). */
  file?: string;
  /** The CSV text itself, instead of a file. */
  text?: string;
}

const COLUMNS: Record<string, keyof SimQuote> = {
  timestamp: 'time', time: 'time', symbol: 'symbol',
  bid: 'bid', ask: 'ask', last: 'last',
  bidsize: 'bidSize', bid_size: 'bidSize', asksize: 'askSize', ask_size: 'askSize', lastsize: 'lastSize', last_size: 'lastSize',
};

/**
 * Parses quote rows: a header naming the columns (`timestamp,symbol,bid,ask,last,bidSize,askSize`,
 * optionally `lastSize`; any order), then one row per quote. Timestamps are ISO 8601 or epoch
 * milliseconds; an empty cell means "not quoted". A bad cell is a `ConfigError` naming its line
 * and column.
 *
 * @example
 * ```ts
 * parseQuoteCsv('timestamp,symbol,bid,ask,last\n2026-01-02T14:30:00Z,AAPL,187.2,187.23,187.21\n')
 * ```
 */
export function parseQuoteCsv(text: string, where = 'prices'): SimQuote[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const fields = header.map((h) => COLUMNS[h]);
  const fail = (line: number, column: string, message: string): never => {
    throw new ConfigError(`Invalid ${where}: line ${line}, column ${column}: ${message}`, { path: `${where}:${line}:${column}`, broker: 'sim' });
  };
  header.forEach((h, i) => {
    if (fields[i] === undefined) fail(1, h || String(i + 1), 'is not a known column (timestamp, symbol, bid, ask, last, bidSize, askSize, lastSize)');
  });
  for (const needed of ['time', 'symbol'] as const) {
    if (!fields.includes(needed)) fail(1, needed === 'time' ? 'timestamp' : 'symbol', 'is missing');
  }
  const rows: SimQuote[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] as string;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length !== header.length) fail(n + 1, '*', `has ${cells.length} cells, the header has ${header.length}`);
    const q: Partial<SimQuote> = {};
    for (let i = 0; i < cells.length; i++) {
      const cell = (cells[i] as string).trim().replace(/^"|"$/g, '');
      const field = fields[i] as keyof SimQuote;
      const column = header[i] as string;
      if (cell === '') {
        if (field === 'time' || field === 'symbol') fail(n + 1, column, 'is empty');
        continue;
      }
      if (field === 'symbol') {
        if (!/^[A-Za-z0-9][A-Za-z0-9./\- ]{0,31}$/.test(cell)) fail(n + 1, column, `is not a symbol: ${JSON.stringify(cell.slice(0, 40))}`);
        q.symbol = cell.toUpperCase();
      } else if (field === 'time') {
        const t = /^\d+$/.test(cell) ? Number(cell) : Date.parse(cell);
        if (!Number.isFinite(t)) fail(n + 1, column, `is not a timestamp: ${JSON.stringify(cell.slice(0, 40))}`);
        q.time = t;
      } else {
        const v = Number(cell);
        const isSize = field.endsWith('Size');
        if (!Number.isFinite(v) || (isSize ? v < 0 : v <= 0)) {
          fail(n + 1, column, `must be a finite number ${isSize ? 'of 0 or more' : 'above 0'}, got ${JSON.stringify(cell.slice(0, 40))}`);
        }
        (q as Record<string, number>)[field] = v;
      }
    }
    if (q.bid === undefined && q.ask === undefined && q.last === undefined) fail(n + 1, 'last', 'a row needs at least one of bid, ask and last');
    if (q.bid !== undefined && q.ask !== undefined && q.bid > q.ask) fail(n + 1, 'bid', `is above the ask ${q.ask}`);
    rows.push(q as SimQuote);
  }
  return rows;
}

/** Index of the last element with time <= t in a time-sorted list, or -1. */
function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Replays quotes from a CSV file (see `parseQuoteCsv` for the format). As a live source it answers
 * with the latest row at or before the simulator's clock, so a `ManualClock` walks through the
 * file; `ticks()` hands every row to `SimBroker.replay` for a backtest.
 *
 * @example
 * ```ts
 * const prices = csvPrices({ file: 'quotes.csv' })
 * const sim = createSimBroker({ prices })
 * await sim.replay(prices.ticks())
 * ```
 */
export function csvPrices(options: CsvPricesOptions): CsvPriceSource {
  if ((options.file === undefined) === (options.text === undefined)) {
    throw new ConfigError('csvPrices needs exactly one of file and text', { path: 'prices.file', broker: 'sim' });
  }
  let text: string;
  try {
    text = options.text ?? readFileSync(options.file as string, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read the price file ${options.file}: ${(cause as Error).message}`, { path: 'prices.file', broker: 'sim', cause });
  }
  const rows = parseQuoteCsv(text, options.file ?? 'prices');
  const order = rows.map((_, i) => i).sort((a, b) => (rows[a] as SimQuote).time - (rows[b] as SimQuote).time || a - b);
  const all = order.map((i) => rows[i] as SimQuote);
  const bySymbol = new Map<string, { times: number[]; quotes: SimQuote[] }>();
  for (const q of all) {
    let s = bySymbol.get(q.symbol);
    if (!s) bySymbol.set(q.symbol, (s = { times: [], quotes: [] }));
    s.times.push(q.time);
    s.quotes.push(q);
  }
  return {
    kind: 'csv',
    quote(symbol, now) {
      const s = bySymbol.get(symbol);
      if (!s) return undefined;
      const i = lastAtOrBefore(s.times, now);
      return i < 0 ? undefined : { ...(s.quotes[i] as SimQuote) };
    },
    knows: (symbol) => bySymbol.has(symbol),
    *between(symbol, from, to) {
      const s = bySymbol.get(symbol);
      if (!s) return;
      const end = lastAtOrBefore(s.times, to);
      for (let i = lastAtOrBefore(s.times, from) + 1; i <= end; i++) yield { ...(s.quotes[i] as SimQuote) };
    },
    ticks: () => all,
    symbols: () => [...bySymbol.keys()].sort(),
  };
}
