import { describe, expect, it } from 'vitest';
import { wallClock, zoneOffsetAt } from './wall-clock.ts';

describe('wallClock and zoneOffsetAt', () => {
  it('follow daylight saving in New York', () => {
    expect(wallClock(Date.parse('2026-07-01T13:30:00Z'), 'America/New_York')).toEqual({ year: 2026, month: 7, day: 1, hour: 9, minute: 30, second: 0 });
    expect(wallClock(Date.parse('2026-01-15T14:30:00Z'), 'America/New_York').hour).toBe(9);
    expect(zoneOffsetAt(Date.parse('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-5 * 3600_000);
    expect(zoneOffsetAt(Date.parse('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-4 * 3600_000);
    // 2026-03-08 02:00 local does not exist: 06:59:59Z is 01:59:59 EST, 07:00Z is 03:00 EDT.
    expect(wallClock(Date.parse('2026-03-08T06:59:59Z'), 'America/New_York').hour).toBe(1);
    expect(wallClock(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York').hour).toBe(3);
  });
});
