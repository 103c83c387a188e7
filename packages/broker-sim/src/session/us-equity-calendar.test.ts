import { describe, expect, test } from 'vitest';
import { alwaysOpenCalendar } from './always-open-calendar.ts';
import { marketPhase } from './calendar.ts';
import { usEquityCalendar } from './us-equity-calendar.ts';

const cal = usEquityCalendar();
const tradingDays = (from: string, to: string): string[] => {
  const out = new Set<string>();
  for (let t = Date.parse(`${from}T12:00:00Z`); t <= Date.parse(`${to}T12:00:00Z`); t += 86_400_000) {
    const s = cal.sessionAt(t);
    if (s.date === new Date(t).toISOString().slice(0, 10)) out.add(s.date);
  }
  return [...out];
};

describe('usEquityCalendar', () => {
  test('the NYSE holidays of 2026 are closed, as the exchange publishes them', () => {
    const holidays = ['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'];
    const open = new Set(tradingDays('2026-01-01', '2026-12-31'));
    for (const h of holidays) expect(open.has(h), h).toBe(false);
    expect(open.size).toBe(251);
  });

  test('New Year on a Saturday (2022) is not observed on the Friday before; Christmas on a Saturday (2027) is', () => {
    const open = new Set(tradingDays('2021-12-30', '2022-01-04'));
    expect(open.has('2021-12-31')).toBe(true);
    expect(new Set(tradingDays('2027-12-20', '2027-12-31')).has('2027-12-24')).toBe(false);
  });

  test('early closes at 13:00 (after-hours to 17:00)', () => {
    const s = cal.sessionAt(Date.parse('2026-11-27T15:00:00Z'));
    expect(s.date).toBe('2026-11-27');
    expect(new Date(s.close).toISOString()).toBe('2026-11-27T18:00:00.000Z');
    expect(new Date(s.extendedClose).toISOString()).toBe('2026-11-27T22:00:00.000Z');
    expect(new Date(cal.sessionAt(Date.parse('2026-12-24T15:00:00Z')).close).toISOString()).toBe('2026-12-24T18:00:00.000Z');
  });

  test('hours follow New York daylight saving time', () => {
    expect(new Date(cal.sessionAt(Date.parse('2026-03-06T15:00:00Z')).open).toISOString()).toBe('2026-03-06T14:30:00.000Z');
    expect(new Date(cal.sessionAt(Date.parse('2026-03-09T15:00:00Z')).open).toISOString()).toBe('2026-03-09T13:30:00.000Z');
  });

  test('phases: closed at night, extended before and after, regular in between; weekends go to Monday', () => {
    expect(marketPhase(cal, Date.parse('2026-03-02T08:00:00Z'))).toBe('closed');
    expect(marketPhase(cal, Date.parse('2026-03-02T12:00:00Z'))).toBe('extended');
    expect(marketPhase(cal, Date.parse('2026-03-02T15:00:00Z'))).toBe('regular');
    expect(marketPhase(cal, Date.parse('2026-03-02T22:00:00Z'))).toBe('extended');
    expect(cal.sessionAt(Date.parse('2026-03-07T15:00:00Z')).date).toBe('2026-03-09');
  });

  test('extra closures can be added', () => {
    const c = usEquityCalendar({ extraHolidays: ['2026-03-02'] });
    expect(c.sessionAt(Date.parse('2026-03-02T15:00:00Z')).date).toBe('2026-03-03');
  });
});

test('alwaysOpenCalendar: UTC days, always regular', () => {
  const c = alwaysOpenCalendar();
  const s = c.sessionAt(Date.parse('2026-03-07T23:59:59Z'));
  expect(s).toMatchObject({ date: '2026-03-07', open: Date.parse('2026-03-07T00:00:00Z'), close: Date.parse('2026-03-08T00:00:00Z') });
  expect(marketPhase(c, Date.parse('2026-03-07T03:00:00Z'))).toBe('regular');
});
