import { z } from 'zod';

/** Alpaca sends numbers as decimal strings (`"180.25"`, `"-3"`, `"0.000000001"`), never as JSON numbers. */
export const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A decimal number carried as a string, kept as the string (parsed to a number in `map/`). */
export const decimalString = z.string().regex(DECIMAL, { error: (i) => `must be a decimal string, got ${JSON.stringify(i.input)}` });

/** A decimal string or null / absent (Alpaca sends `null` for prices an order type does not use). */
export const optionalDecimal = decimalString.nullish();

/**
 * A timestamp Alpaca sends: RFC 3339 with an offset and up to nanosecond precision
 * (`2026-01-02T14:30:00.123456789-05:00`). Kept as sent; `map/` normalises it.
 */
export const timestampString = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), { error: (i) => `must be a timestamp, got ${JSON.stringify(i.input)}` });

/** A timestamp or null / absent. */
export const optionalTimestamp = timestampString.nullish();
