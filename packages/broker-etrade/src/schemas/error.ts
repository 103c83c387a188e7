import { z } from 'zod';
import { EtradeNumber } from './primitives.ts';

/** `{"Error":{"code":<int>,"message":"<text>"}}`; the code can be missing (v1-facts §7.1). */
export const EtradeErrorSchema = z.object({
  Error: z.looseObject({ code: EtradeNumber.optional(), message: z.string().optional() }),
});
export type EtradeErrorBody = z.infer<typeof EtradeErrorSchema>;
