/**
 * One trading day. Times are milliseconds since the epoch; `extendedOpen <= open < close <=
 * extendedClose`. Orders without `extendedHours` work between `open` and `close`; extended-hours
 * limit orders also work in the pre- and post-market around them.
 */
export interface TradingSession {
  /** The trading date in the exchange's time zone, `YYYY-MM-DD`. */
  date: string;
  extendedOpen: number;
  open: number;
  close: number;
  extendedClose: number;
}

/**
 * When the market is open. The simulator asks it for the session in progress or the next one;
 * time in force `day`, `opg` and `cls`, extended hours and the start-of-day equity snapshot all
 * follow from it.
 */
export interface SessionCalendar {
  readonly name: string;
  /** The session in progress at `time`, or the next one: the first whose `extendedClose` is after `time`. */
  sessionAt(time: number): TradingSession;
}

/** Where the market stands at an instant. */
export type MarketPhase = 'closed' | 'extended' | 'regular';

/**
 * The phase of the market at `time`.
 *
 * @example
 * ```ts
 * marketPhase(usEquityCalendar(), Date.parse('2026-03-02T15:00:00Z')) // 'regular'
 * ```
 */
export function marketPhase(calendar: SessionCalendar, time: number): MarketPhase {
  const s = calendar.sessionAt(time);
  if (time < s.extendedOpen) return 'closed';
  if (time >= s.open && time < s.close) return 'regular';
  return 'extended';
}
