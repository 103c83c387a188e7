import { z } from 'zod';

/**
 * A number as E*TRADE sends it: a JSON number, or numeric text (some fields come as strings, e.g.
 * `priceValue`, and the XML forms carry text only).
 */
export const EtradeNumber = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/)
    .transform(Number),
]);

/** An id E*TRADE sends as a number or as text (accountId, orderId, previewId); kept as text. */
export const EtradeId = z.union([z.number().int().transform(String), z.string().trim().min(1)]);

/**
 * A repeating element: a JSON array, or a lone object where a client sees one element (v1-facts §3).
 *
 * @example
 * ```ts
 * oneOrMany(PositionSchema).parse({ symbol: 'AAPL' }) // [{ symbol: 'AAPL' }]
 * ```
 */
export function oneOrMany<S extends z.ZodType>(schema: S) {
  return z.union([z.array(schema), schema.transform((one) => [one])]) as unknown as z.ZodType<z.output<S>[], unknown>;
}

/** `Messages{Message[]{code, description, type}}` riding inside a 200 answer (v1-facts §5.3). */
export const EtradeMessagesSchema = z.looseObject({
  Message: oneOrMany(z.looseObject({ code: EtradeNumber.optional(), description: z.string().optional(), type: z.string().optional() })).optional(),
});
