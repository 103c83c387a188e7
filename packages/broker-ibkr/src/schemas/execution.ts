import { z } from 'zod';

/**
 * One execDetails message. Example: `{ reqId: -1, symbol: 'AAPL', execution: { execId:
 * '0000e0d5.00000001.01.01', orderId: 7, time: '20261205-14:30:01', acctNumber: 'DU1234567',
 * side: 'BOT', shares: 3, price: 150.03, cumQty: 3, avgPrice: 150.03, orderRef: 'inv-7f3a' } }`
 */
export const IbExecutionSchema = z.object({
  execId: z.string().min(1),
  orderId: z.number().int(),
  clientId: z.number().int().optional(),
  permId: z.number().optional(),
  time: z.string().min(1),
  acctNumber: z.string().optional(),
  side: z.enum(['BOT', 'SLD']),
  shares: z.number().finite().positive(),
  price: z.number().finite().positive(),
  cumQty: z.number().finite().nonnegative().optional(),
  avgPrice: z.number().finite().nonnegative().optional(),
  orderRef: z.string().optional(),
});
export type IbExecution = z.output<typeof IbExecutionSchema>;

/** One commissionReport: the commission of one execution, by execId. */
export const IbCommissionSchema = z.object({
  execId: z.string().min(1),
  commission: z.number().finite().optional(),
  currency: z.string().optional(),
});
export type IbCommission = z.output<typeof IbCommissionSchema>;
