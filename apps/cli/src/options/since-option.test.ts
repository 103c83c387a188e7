import { describe, expect, it } from 'vitest';
import { parseSince } from './since-option.ts';

const now = Date.parse('2026-12-08T12:00:00Z');

describe('--since', () => {
  it('reads durations back from now', () => {
    expect(parseSince('90m', now).toISOString()).toBe('2026-12-08T10:30:00.000Z');
    expect(parseSince('7d', now).toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(parseSince('2w', now).toISOString()).toBe('2026-11-24T12:00:00.000Z');
  });

  it('reads dates and times as UTC unless a zone is given', () => {
    expect(parseSince('2026-12-01', now).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(parseSince('2026-12-01T14:30', now).toISOString()).toBe('2026-12-01T14:30:00.000Z');
    expect(parseSince('2026-12-01T14:30+02:00', now).toISOString()).toBe('2026-12-01T12:30:00.000Z');
  });

  it.each(['yesterday', '7', '-7d', '1.5h', '2026-13-01', '2026-12-01T25:00', ''])('refuses %j naming the flag', (text) => {
    expect(() => parseSince(text, now)).toThrow(/^--since: /);
  });
});
