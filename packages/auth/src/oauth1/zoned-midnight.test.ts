import { describe, expect, it } from 'vitest';
import { nextMidnight, US_EASTERN } from './zoned-midnight.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('nextMidnight (America/New_York)', () => {
  it.each([
    // winter (EST, UTC-5): midnight is 05:00Z
    ['2026-01-15T14:30:00Z', '2026-01-16T05:00:00.000Z'],
    // summer (EDT, UTC-4): midnight is 04:00Z
    ['2026-07-04T12:00:00Z', '2026-07-05T04:00:00.000Z'],
    // 23:59:59 local is still the same day; 00:00 local is the next day's start
    ['2026-07-05T03:59:59Z', '2026-07-05T04:00:00.000Z'],
    ['2026-07-05T04:00:00Z', '2026-07-06T04:00:00.000Z'],
    // late evening in New York is already the next day in UTC
    ['2026-01-16T03:00:00Z', '2026-01-16T05:00:00.000Z'],
  ])('after %s is %s', (now, expected) => {
    expect(iso(nextMidnight(at(now), US_EASTERN))).toBe(expected);
  });

  it('spring forward: 2026-03-08 is a 23-hour day, and the next midnight is in EDT', () => {
    const start = at('2026-03-08T05:00:00Z'); // 00:00 EST
    const end = nextMidnight(start + 1000);
    expect(iso(end)).toBe('2026-03-09T04:00:00.000Z');
    expect((end - start) / 3_600_000).toBe(23);
  });

  it('fall back: 2026-11-01 is a 25-hour day, and the next midnight is in EST', () => {
    const start = at('2026-11-01T04:00:00Z'); // 00:00 EDT
    const end = nextMidnight(start + 1000);
    expect(iso(end)).toBe('2026-11-02T05:00:00.000Z');
    expect((end - start) / 3_600_000).toBe(25);
  });

  it('during the repeated hour of fall back the day still ends at midnight EST', () => {
    expect(iso(nextMidnight(at('2026-11-01T05:30:00Z')))).toBe('2026-11-02T05:00:00.000Z'); // 01:30 EDT
    expect(iso(nextMidnight(at('2026-11-01T06:30:00Z')))).toBe('2026-11-02T05:00:00.000Z'); // 01:30 EST
  });

  it('across a year end', () => {
    expect(iso(nextMidnight(at('2026-12-31T20:00:00Z')))).toBe('2027-01-01T05:00:00.000Z');
  });
});
