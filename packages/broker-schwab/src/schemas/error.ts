import { z } from 'zod';

/** Trader API errors (`ServiceError`): `{ "message": "...", "errors": ["..."] }`. */
export const SchwabServiceErrorSchema = z.looseObject({ message: z.string().optional(), errors: z.array(z.string()).optional() });

/** Market Data API errors: `{ "errors": [{ "id": "...", "status": "400", "title": "...", "detail": "..." }] }`. */
export const SchwabMarketDataErrorSchema = z.looseObject({
  errors: z.array(z.looseObject({ id: z.string().optional(), status: z.string().optional(), title: z.string().optional(), detail: z.string().optional() })).min(1),
});

/** TD Ameritrade's (and Schwab's OAuth) error answer: `{ "error": "..." }`. */
export const TdErrorSchema = z.looseObject({ error: z.string() });
