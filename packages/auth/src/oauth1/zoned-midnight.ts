import { wallClock, zoneOffsetAt as offsetAt } from '@invest/broker-core';

/** The IANA zone E*TRADE's day (and its access tokens) ends in. */
export const US_EASTERN = 'America/New_York';

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
