import type { SessionCalendar, TradingSession } from './calendar.ts';

const DAY_MS = 86_400_000;

/**
 * A market that never closes (crypto-style): every UTC day is one session from 00:00 to 24:00,
 * so `day` orders expire at UTC midnight, `opg` runs at 00:00 and `cls` at the following midnight.
 *
 * @example
 * ```ts
 * const sim = createSimBroker({ session: 'always' })
 * ```
 */
export function alwaysOpenCalendar(): SessionCalendar {
  let last: TradingSession | undefined;
  return {
    name: 'always',
    sessionAt(time: number): TradingSession {
      if (last && time >= last.open && time < last.close) return last;
      const open = Math.floor(time / DAY_MS) * DAY_MS;
      last = { date: new Date(open).toISOString().slice(0, 10), extendedOpen: open, open, close: open + DAY_MS, extendedClose: open + DAY_MS };
      return last;
    },
  };
}
