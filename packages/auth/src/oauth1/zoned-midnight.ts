/** The IANA zone E*TRADE's day (and its access tokens) ends in. */
export const US_EASTERN = 'America/New_York';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
function wallClock(epochMs: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(epochMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** The zone's offset from UTC at an instant, in ms (negative west of Greenwich). */
function offsetAt(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The first midnight in `timeZone` strictly after `epochMs`, as epoch ms: the end of that local
 * day, which is 23, 24 or 25 hours long across daylight-saving changes. Computed with `Intl`, so
 * it follows the zone rules of the ICU data Node ships.
 *
 * @example
 * ```ts
 * nextMidnight(Date.parse('2026-03-08T03:00:00Z'), 'America/New_York') // 2026-03-09T04:00:00Z (EDT)
 * ```
 */
export function nextMidnight(epochMs: number, timeZone: string = US_EASTERN): number {
  const today = wallClock(epochMs, timeZone);
  // Local midnight of the next calendar day, first guessed with the current offset, then
  // corrected with the offset in force at the guess (a DST change between moves it an hour).
  const localMidnight = Date.UTC(today.year, today.month - 1, today.day + 1, 0, 0, 0);
  let guess = localMidnight - offsetAt(epochMs, timeZone);
  for (let i = 0; i < 3; i++) {
    const next = localMidnight - offsetAt(guess, timeZone);
    if (next === guess) break;
    guess = next;
  }
  return guess;
}
