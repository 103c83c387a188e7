/**
 * Alpaca's RFC 3339 timestamps (offsets, up to nanoseconds) as the core's ISO 8601 UTC form with
 * milliseconds, so they compare as text and as times alike. Digits past the millisecond are
 * dropped, as `Date.parse` drops them. The schemas have already refused what `Date.parse` cannot read.
 *
 * @example
 * ```ts
 * isoTimestamp('2026-01-02T09:30:00.123456789-05:00') // '2026-01-02T14:30:00.123Z'
 * ```
 */
export function isoTimestamp(text: string): string {
  return new Date(Date.parse(text)).toISOString();
}

/**
 * Like `isoTimestamp` for optional fields.
 *
 * @example
 * ```ts
 * optionalIsoTimestamp(null) // undefined
 * ```
 */
export function optionalIsoTimestamp(text: string | null | undefined): string | undefined {
  return text === null || text === undefined ? undefined : isoTimestamp(text);
}
