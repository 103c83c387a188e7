/**
 * The everyday shape of Alpaca's timestamps: UTC (`Z`), a calendar day that exists in every month
 * (01-28), and 0-9 fraction digits. These are turned into the core form by slicing text, with no
 * `Date` round trip; anything else (offsets, days 29-31, other spellings) goes through
 * `Date.parse`, whose result the fast path reproduces exactly (a property test compares them).
 */
const UTC_EVERYDAY = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;

/**
 * Whether `text` is a timestamp `Date.parse` understands (fast for the everyday shape).
 *
 * @example
 * ```ts
 * isTimestamp('2026-01-02T14:30:00.123456Z') // true
 * isTimestamp('yesterday')                   // false
 * ```
 */
export function isTimestamp(text: string): boolean {
  return UTC_EVERYDAY.test(text) || !Number.isNaN(Date.parse(text));
}

/**
 * Alpaca's RFC 3339 timestamps (offsets, up to nanoseconds) as the core's ISO 8601 UTC form with
 * milliseconds, so they compare as text and as times alike. Digits past the millisecond are
 * dropped, as `Date.parse` drops them.
 *
 * @example
 * ```ts
 * isoTimestamp('2026-01-02T09:30:00.123456789-05:00') // '2026-01-02T14:30:00.123Z'
 * ```
 */
export function isoTimestamp(text: string): string {
  if (UTC_EVERYDAY.test(text)) {
    // 'YYYY-MM-DDTHH:MM:SS' is 19 characters, then '.fraction' or nothing, then 'Z'.
    if (text.length === 24) return text;
    if (text.length === 20) return `${text.slice(0, 19)}.000Z`;
    return `${text.slice(0, 20)}${text.length > 24 ? text.slice(20, 23) : text.slice(20, -1).padEnd(3, '0')}Z`;
  }
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
