// Made on first use: loading the time-zone data costs ~10 ms, which a process that never asks
// about New York (an always-open market) should not pay at start.
let formatter: Intl.DateTimeFormat | undefined;
const options: Intl.DateTimeFormatOptions = {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

/** Wall-clock fields of an instant in New York. */
export interface NewYorkFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The New York wall clock at `time` (DST handled by the platform's time-zone data).
 *
 * @example
 * ```ts
 * newYorkFields(Date.parse('2026-07-01T13:30:00Z')).hour // 9
 * ```
 */
export function newYorkFields(time: number): NewYorkFields {
  const f: Record<string, number> = {};
  formatter ??= new Intl.DateTimeFormat('en-US', options);
  for (const part of formatter.formatToParts(time)) {
    if (part.type !== 'literal') f[part.type] = Number(part.value);
  }
  return { year: f.year ?? 0, month: f.month ?? 0, day: f.day ?? 0, hour: f.hour ?? 0, minute: f.minute ?? 0, second: f.second ?? 0 };
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
