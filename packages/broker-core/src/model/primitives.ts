import { z } from 'zod';

// zod's number refuses NaN and Infinity itself (as a wrong type): the message tells them apart.
const numberError = (i: { input: unknown }): string =>
  i.input === undefined ? 'is required' : typeof i.input === 'number' ? `must be a finite number, got ${describe(i.input)}` : `must be a number, got ${describe(i.input)}`;

/** A finite number (any sign); NaN and Infinity are refused with the value named. */
export const finiteNumber = z.number({ error: numberError });

/** A finite number greater than zero. */
export const positiveNumber = finiteNumber.positive({ error: (i) => `must be greater than 0, got ${describe(i.input)}` });

/** A finite number at or above zero. */
export const nonNegativeNumber = finiteNumber.nonnegative({ error: (i) => `must be 0 or more, got ${describe(i.input)}` });

/** ISO 8601 timestamp with offset, e.g. `2026-11-25T14:30:00.000Z`. */
export const isoTimestamp = z.iso.datetime({ offset: true });

/** Ticker symbol: letters, digits and `.`, `-`, `/`, ` ` (share classes, crypto pairs), 1-32 characters, upper-cased. */
export const symbolSchema = z
  .string({ error: (i) => (i.input === undefined ? 'is required' : `must be a string, got ${describe(i.input)}`) })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(32, { error: (i) => `must be at most 32 characters, got ${describe(i.input)}` })
  .regex(/^[A-Za-z0-9][A-Za-z0-9./\- ]*$/, { error: (i) => `has characters a symbol cannot have: ${describe(i.input)}` })
  .toUpperCase();

/** Short, safe rendering of a bad value for an error message. Strings are clipped; objects named by kind. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
