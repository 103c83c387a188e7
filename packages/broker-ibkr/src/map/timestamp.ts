/**
 * IB's execution time as ISO 8601. TWS writes `yyyymmdd  hh:mm:ss` (local time of the TWS login,
 * sometimes followed by a zone name) or `yyyymmdd-hh:mm:ss` (UTC); both are read as UTC when no
 * zone is given, the zone that TWS's API settings recommend.
 *
 * @example
 * ```ts
 * ibTimeToIso('20261205-14:30:01') // '2026-12-05T14:30:01.000Z'
 * ```
 */
export function ibTimeToIso(text: string, fallback: () => string = () => new Date().toISOString()): string {
  const m = /^(\d{4})(\d{2})(\d{2})[-\s]+(\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (!m) return fallback();
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))).toISOString();
}

/**
 * An instant in IB's filter format `yyyymmdd-hh:mm:ss` (UTC), for reqExecutions.
 *
 * @example
 * ```ts
 * toIbTime(new Date('2026-12-05T14:30:01Z')) // '20261205-14:30:01'
 * ```
 */
export function toIbTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}
