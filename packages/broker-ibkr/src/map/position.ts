import { Decimal, type Position } from '@invest/broker-core';
import type { IbPosition } from '../schemas/position.ts';

/**
 * A core position from one position message; undefined when flat (TWS lists closed positions
 * with 0 until the next day). IB's avgCost includes commissions.
 *
 * Raw example: see `IbPositionSchema`. Maps to `{ symbol: 'AAPL', quantity: -5, side: 'short',
 * averageCost: 150.25, costBasis: 751.25 }`.
 *
 * @example
 * ```ts
 * toCorePosition({ account: 'DU1', contract: { symbol: 'AAPL' }, pos: 10, avgCost: 150 })?.costBasis // 1500
 * ```
 */
export function toCorePosition(p: IbPosition): Position | undefined {
  if (p.pos === 0 || p.avgCost <= 0) return undefined;
  const quantity = Decimal.from(p.pos);
  return {
    symbol: p.contract.symbol.toUpperCase(),
    quantity: p.pos,
    side: p.pos > 0 ? 'long' : 'short',
    averageCost: p.avgCost,
    costBasis: quantity.abs().mul(p.avgCost).round(2).toNumber(),
    assetClass: p.contract.secType === 'STK' ? 'us_equity' : p.contract.secType,
    raw: p,
  };
}
