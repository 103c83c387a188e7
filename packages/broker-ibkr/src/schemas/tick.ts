import { z } from 'zod';

/** IB tick types a snapshot quote reads (live and delayed). */
export const IBKR_TICKS = {
  bid: [1, 66],
  ask: [2, 67],
  last: [4, 68],
  bidSize: [0, 69],
  askSize: [3, 70],
  lastSize: [5, 71],
} as const;

/** One tickPrice / tickSize: `{ tickType: 1, value: 149.98 }`. A price of -1 means "none". */
export const IbTickSchema = z.object({ tickType: z.number().int(), value: z.number().finite() });
export type IbTick = z.output<typeof IbTickSchema>;
