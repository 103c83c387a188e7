import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimestamp, isTimestamp } from './timestamp.ts';

/** The definition the fast path must reproduce. */
const viaDate = (text: string): string => new Date(Date.parse(text)).toISOString();

describe('timestamps', () => {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = fc.record({
    year: fc.integer({ min: 1970, max: 2200 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    zone: fc.constantFrom('Z', 'z', '+00:00', '-05:00', '+05:30'),
  }).map((t) => `${t.year}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}:${two(t.second)}${t.fraction === undefined ? '' : `.${t.fraction}`}${t.zone}`);

  it('read every timestamp exactly as Date.parse does, fast path or not (property)', () => {
    fc.assert(
      fc.property(stamp, (text) => {
        const valid = !Number.isNaN(Date.parse(text));
        expect(isTimestamp(text)).toBe(valid);
        if (valid) expect(isoTimestamp(text)).toBe(viaDate(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('keep the milliseconds, drop what follows, and fill in what is missing', () => {
    expect(isoTimestamp('2026-01-02T14:30:00.123456789Z')).toBe('2026-01-02T14:30:00.123Z');
    expect(isoTimestamp('2026-01-02T14:30:00.5Z')).toBe('2026-01-02T14:30:00.500Z');
    expect(isoTimestamp('2026-01-02T14:30:00Z')).toBe('2026-01-02T14:30:00.000Z');
    expect(isoTimestamp('2026-01-02T14:30:00.999Z')).toBe('2026-01-02T14:30:00.999Z');
    expect(isoTimestamp('2026-01-02T09:30:00.123456789-05:00')).toBe('2026-01-02T14:30:00.123Z');
    expect(isoTimestamp('2026-02-29T00:00:00Z')).toBe(viaDate('2026-02-29T00:00:00Z'));
  });

  it('refuse what is not a timestamp', () => {
    for (const text of ['', 'yesterday', '2026-13-01T00:00:00Z', '2026-01-02T23:59:60Z', '2026-01-02T14:30:00.Z']) expect(isTimestamp(text)).toBe(false);
  });
});
