import { z } from 'zod';

/**
 * One position message. Example: `{ account: 'DU1234567', contract: { symbol: 'AAPL', secType:
 * 'STK', currency: 'USD' }, pos: -5, avgCost: 150.25 }` (avgCost includes commissions).
 */
export const IbPositionSchema = z.object({
  account: z.string().min(1),
  contract: z.object({ symbol: z.string().min(1), secType: z.string().optional(), currency: z.string().optional() }),
  pos: z.number().finite(),
  avgCost: z.number().finite(),
});
export type IbPosition = z.output<typeof IbPositionSchema>;
