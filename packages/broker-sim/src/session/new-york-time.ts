import { wallClock, type WallClock } from '@invest/broker-core';

/** Wall-clock fields of an instant in New York. */
export type NewYorkFields = WallClock;

/**
 * The New York wall clock at `time` (DST handled by the platform's time-zone data).
 *
 * @example
 * ```ts
 * newYorkFields(Date.parse('2026-07-01T13:30:00Z')).hour // 9
 * ```
 */
export function newYorkFields(time: number): NewYorkFields {
  return wallClock(time, 'America/New_York');
}

/**
 * The instant at which New York's wall clock shows `hour:minute` on the given date. Market hours
 * (04:00 to 20:00) never straddle a DST change (those happen at 02:00), so the day's offset is
 * read at noon.
 *
 * @example
 * ```ts
 * new Date(newYorkTime(2026, 1, 2, 9, 30)).toISOString() // '2026-01-02T14:30:00.000Z'
 * ```
 */
export function newYorkTime(year: number, month: number, day: number, hour: number, minute: number): number {
  const noonUtc = Date.UTC(year, month - 1, day, 16, 0);
  const f = newYorkFields(noonUtc);
  const offset = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - noonUtc;
  return Date.UTC(year, month - 1, day, hour, minute) - offset;
}
