import { z } from 'zod';

/**
 * Configuration of the custom-fixed broker. Every field has a default except the API key, so
 * `{ apiKey }` is a complete config.
 */
export const CustomFixedConfigSchema = z.object({
  /** Secret. A real adapter would send it with every request; this one only requires it. */
  apiKey: z.string().min(8),
  accountId: z.string().min(1).default('DEMO-1'),
  /** Starting cash in USD. */
  cash: z.number().positive().default(10_000),
  /** The price of each tradable symbol. It never moves: that is the point of this broker. */
  prices: z.record(z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/), z.number().positive()).default({ ACME: 12.5, AAPL: 180 }),
});

export type CustomFixedConfig = z.output<typeof CustomFixedConfigSchema>;

/** Config key -> environment variable. */
export const ENV_NAMES = {
  apiKey: 'CUSTOM_FIXED_API_KEY',
  accountId: 'CUSTOM_FIXED_ACCOUNT_ID',
  cash: 'CUSTOM_FIXED_CASH',
} as const;
