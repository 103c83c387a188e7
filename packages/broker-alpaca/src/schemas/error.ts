import { z } from 'zod';

/**
 * Alpaca's error body, e.g. `{ "code": 40310000, "message": "insufficient buying power" }`. Some
 * answers add context fields (`buying_power`, `symbol`, ...), which pass through. The published
 * OpenAPI document names the statuses but not this body; its shape is Alpaca's documented
 * convention.
 */
export const AlpacaErrorSchema = z.looseObject({
  code: z.number().int(),
  message: z.string(),
});
export type AlpacaErrorBody = z.infer<typeof AlpacaErrorSchema>;
