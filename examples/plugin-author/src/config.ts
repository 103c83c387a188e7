import { z } from 'zod';

/** The plugin's settings. Everything has a default, so `{}` is a working account. */
export const TinyConfigSchema = z.object({
  /** Starting cash in USD. */
  cash: z.number().positive().default(10_000),
  /** The price of each symbol it trades; prices never move. */
  prices: z.record(z.string(), z.number().positive()).default({ ACME: 10 }),
});

export type TinyConfig = z.output<typeof TinyConfigSchema>;

/** Config key -> environment variable. */
export const TINY_ENV = { cash: 'TINY_CASH' } as const;
