import { describe, expect, it } from 'vitest';
import { timestampString } from '../schemas/primitives.ts';
import { isoTimestamp } from './timestamp.ts';

describe('timestamps', () => {
  it('keep the milliseconds, drop what follows, fill in what is missing, and move offsets to UTC', () => {
    expect(isoTimestamp('2026-01-02T14:30:00.123456789Z')).toBe('2026-01-02T14:30:00.123Z');
    expect(isoTimestamp('2026-01-02T14:30:00.5Z')).toBe('2026-01-02T14:30:00.500Z');
    expect(isoTimestamp('2026-01-02T14:30:00Z')).toBe('2026-01-02T14:30:00.000Z');
    expect(isoTimestamp('2026-01-02T14:30:00.999Z')).toBe('2026-01-02T14:30:00.999Z');
    expect(isoTimestamp('2026-01-02T09:30:00.123456789-05:00')).toBe('2026-01-02T14:30:00.123Z');
  });

  it('are refused by the schema when they are not timestamps', () => {
    for (const text of ['', 'yesterday', '2026-13-01T00:00:00Z', '2026-01-02T23:59:60Z', '2026-01-02T14:30:00.Z']) {
      expect(timestampString.safeParse(text).success, text).toBe(false);
    }
    expect(timestampString.safeParse('2026-01-02T09:30:00.123456789-05:00').success).toBe(true);
  });
});
