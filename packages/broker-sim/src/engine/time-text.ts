// Orders, fills and events of one operation share their time, and an order's expiry is shown
// next to it: keep the two latest texts (a one-entry cache would alternate between them).
let lastTime = Number.NaN;
let lastIso = '';
let prevTime = Number.NaN;
let prevIso = '';

/**
 * ISO 8601 text of an epoch-ms time (the two latest are remembered: a backtest formats the same
 * instant many times).
 *
 * @example
 * ```ts
 * isoTime(0) // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function isoTime(t: number): string {
  if (t === lastTime) return lastIso;
  if (t === prevTime) return prevIso;
  prevTime = lastTime;
  prevIso = lastIso;
  lastIso = new Date(t).toISOString();
  lastTime = t;
  return lastIso;
}

/**
 * A sequence number as the engine's ids show it: at least six digits, zero-padded.
 *
 * @example
 * ```ts
 * padSeq(42) // '000042'
 * ```
 */
export function padSeq(n: number): string {
  return n >= 0 && n < 1_000_000 ? String(1_000_000 + n).slice(1) : String(n).padStart(6, '0');
}
