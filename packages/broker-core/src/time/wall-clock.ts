/** Wall-clock fields of an instant in a time zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// One formatter per zone, made on first use: loading time-zone data costs ~10 ms, which a process
// that never asks about a zone should not pay at start.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The wall clock in `timeZone` at an instant, daylight saving included (from the platform's
 * time-zone data): market sessions and broker day boundaries (US/Eastern) are local times.
 *
 * @example
 * ```ts
 * wallClock(Date.parse('2026-07-01T13:30:00Z'), 'America/New_York').hour // 9
 * ```
 */
export function wallClock(epochMs: number, timeZone: string): WallClock {
  const f: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) if (part.type !== 'literal') f[part.type] = Number(part.value);
  return { year: f.year ?? 0, month: f.month ?? 0, day: f.day ?? 0, hour: f.hour ?? 0, minute: f.minute ?? 0, second: f.second ?? 0 };
}

/**
 * The zone's offset from UTC at an instant, in ms (negative west of Greenwich).
 *
 * @example
 * ```ts
 * zoneOffsetAt(Date.parse('2026-01-15T12:00:00Z'), 'America/New_York') // -18000000
 * ```
 */
export function zoneOffsetAt(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(epochMs / 1000) * 1000;
}
