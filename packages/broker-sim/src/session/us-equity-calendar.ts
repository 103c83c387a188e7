import type { SessionCalendar, TradingSession } from './calendar.ts';
import { newYorkFields, newYorkTime } from './new-york-time.ts';

const DAY_MS = 86_400_000;

export interface UsEquityCalendarOptions {
  /** Extra full closures, `YYYY-MM-DD` (unscheduled ones such as national days of mourning). */
  extraHolidays?: readonly string[];
}

const iso = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const weekday = (y: number, m: number, d: number): number => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

/** The `n`th `wd` (0 = Sunday) of a month; `n = -1` for the last. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n > 0) {
    const first = weekday(y, m, 1);
    return 1 + ((wd - first + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = weekday(y, m, lastDay);
  return lastDay - ((last - wd + 7) % 7);
}

/** Easter Sunday (anonymous Gregorian algorithm), as [month, day]. */
function easter(y: number): [number, number] {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

/** A fixed-date holiday moved to Friday when on Saturday and Monday when on Sunday. */
function observed(y: number, m: number, d: number): string {
  const wd = weekday(y, m, d);
  const t = Date.UTC(y, m - 1, d) + (wd === 6 ? -DAY_MS : wd === 0 ? DAY_MS : 0);
  return new Date(t).toISOString().slice(0, 10);
}

/** NYSE full closures and 13:00 early closes of a year, from the exchange's published rules. */
function yearRules(y: number): { holidays: Set<string>; earlyCloses: Set<string> } {
  const holidays = new Set<string>();
  // New Year's Day on a Saturday is not observed on the Friday before (NYSE Rule 7.2).
  if (weekday(y, 1, 1) !== 6) holidays.add(observed(y, 1, 1));
  holidays.add(iso(y, 1, nthWeekday(y, 1, 1, 3))); // Martin Luther King Jr. Day
  holidays.add(iso(y, 2, nthWeekday(y, 2, 1, 3))); // Washington's Birthday
  const [em, ed] = easter(y);
  holidays.add(new Date(Date.UTC(y, em - 1, ed) - 2 * DAY_MS).toISOString().slice(0, 10)); // Good Friday
  holidays.add(iso(y, 5, nthWeekday(y, 5, 1, -1))); // Memorial Day
  if (y >= 2022) holidays.add(observed(y, 6, 19)); // Juneteenth
  holidays.add(observed(y, 7, 4));
  holidays.add(iso(y, 9, nthWeekday(y, 9, 1, 1))); // Labor Day
  const thanksgiving = nthWeekday(y, 11, 4, 4);
  holidays.add(iso(y, 11, thanksgiving));
  holidays.add(observed(y, 12, 25));

  const earlyCloses = new Set<string>();
  const early = (m: number, d: number): void => {
    const wd = weekday(y, m, d);
    const date = iso(y, m, d);
    if (wd !== 0 && wd !== 6 && !holidays.has(date)) earlyCloses.add(date);
  };
  early(7, 3);
  early(11, thanksgiving + 1);
  early(12, 24);
  return { holidays, earlyCloses };
}

/**
 * The US equity market (NYSE / Nasdaq): regular session 09:30-16:00 New York time, pre-market from
 * 04:00 and after-hours to 20:00, weekdays, without the NYSE holidays (computed from the
 * exchange's rules, Good Friday included) and with the 13:00 early closes (after-hours then ends
 * at 17:00).
 *
 * @example
 * ```ts
 * const s = usEquityCalendar().sessionAt(Date.parse('2026-07-03T15:00:00Z'))
 * s.date // '2026-07-06' (July 3rd 2026 is the observed Independence Day)
 * ```
 */
export function usEquityCalendar(options: UsEquityCalendarOptions = {}): SessionCalendar {
  const extra = new Set(options.extraHolidays ?? []);
  const years = new Map<number, ReturnType<typeof yearRules>>();
  const rulesOf = (y: number): ReturnType<typeof yearRules> => {
    let r = years.get(y);
    if (!r) {
      r = yearRules(y);
      years.set(y, r);
    }
    return r;
  };
  const sessions = new Map<string, TradingSession | null>();
  const sessionOn = (y: number, m: number, d: number): TradingSession | null => {
    const date = iso(y, m, d);
    let s = sessions.get(date);
    if (s !== undefined) return s;
    const wd = weekday(y, m, d);
    const rules = rulesOf(y);
    if (wd === 0 || wd === 6 || rules.holidays.has(date) || extra.has(date)) {
      s = null;
    } else {
      const early = rules.earlyCloses.has(date);
      s = {
        date,
        extendedOpen: newYorkTime(y, m, d, 4, 0),
        open: newYorkTime(y, m, d, 9, 30),
        close: newYorkTime(y, m, d, early ? 13 : 16, 0),
        extendedClose: newYorkTime(y, m, d, early ? 17 : 20, 0),
      };
    }
    if (sessions.size > 4096) sessions.clear();
    sessions.set(date, s);
    return s;
  };
  // The answer for a time holds for every later time before that session's end: time mostly moves
  // forward in small steps, so most calls stop here instead of asking ICU for New York's clock.
  let lastAsked = Number.NaN;
  let lastAnswer: TradingSession | undefined;
  return {
    name: 'us-equity',
    sessionAt(time: number): TradingSession {
      if (lastAnswer && time >= lastAsked && time < lastAnswer.extendedClose) return lastAnswer;
      const f = newYorkFields(time);
      let day = Date.UTC(f.year, f.month - 1, f.day);
      for (let i = 0; i < 30; i++, day += DAY_MS) {
        const date = new Date(day);
        const s = sessionOn(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
        if (s && time < s.extendedClose) {
          lastAsked = time;
          lastAnswer = s;
          return s;
        }
      }
      throw new RangeError(`no US equity session within 30 days of ${new Date(time).toISOString()}`);
    },
  };
}
