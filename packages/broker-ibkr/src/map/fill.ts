import type { Fill } from '@invest/broker-core';
import type { IbExecution } from '../schemas/execution.ts';
import { ibTimeToIso } from './timestamp.ts';

/**
 * A core fill from one execDetails (and its commissionReport, when it came). The execId is the
 * fill id, so an execution TWS sends twice is one fill.
 *
 * Raw example: see `IbExecutionSchema`. Maps to `{ fillId: '0000e0d5.00000001.01.01',
 * orderId: '7', clientOrderId: 'inv-7f3a', symbol: 'AAPL', side: 'buy', quantity: 3, price: 150.03 }`.
 *
 * @example
 * ```ts
 * toCoreFill(execution, 'AAPL', 'inv-7f3a', 1.0).commission // 1
 * ```
 */
export function toCoreFill(e: IbExecution, symbol: string, clientOrderId: string, commission: number | undefined): Fill {
  const fill: Fill = {
    fillId: e.execId,
    orderId: String(e.orderId),
    clientOrderId,
    symbol: symbol.toUpperCase(),
    side: e.side === 'BOT' ? 'buy' : 'sell',
    quantity: e.shares,
    price: e.price,
    timestamp: ibTimeToIso(e.time),
    raw: e,
  };
  // IB sends 1.7976931348623157E308 (read as undefined) when the commission is not known yet.
  if (commission !== undefined && commission >= 0) fill.commission = commission;
  return fill;
}
