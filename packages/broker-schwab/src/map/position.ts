import { Decimal, type Position } from '@invest/broker-core';
import type { SchwabPosition } from '../schemas/account.ts';

/**
 * Schwab's position -> core `Position`, or undefined for a flat one (long and short both zero).
 * Quantity is signed (short negative); cost basis is |quantity| x average price, exactly.
 *
 * Example of the raw payload (one entry of `securitiesAccount.positions`):
 * ```json
 * { "longQuantity": 10, "shortQuantity": 0, "averagePrice": 150, "averageLongPrice": 150, "marketValue": 1510,
 *   "longOpenProfitLoss": 10, "currentDayProfitLoss": 10, "instrument": { "assetType": "EQUITY", "symbol": "AAPL", "cusip": "037833100" } }
 * ```
 *
 * @example
 * ```ts
 * toCorePosition(raw)?.quantity // 10
 * ```
 */
export function toCorePosition(raw: SchwabPosition): Position | undefined {
  const quantity = Decimal.from(raw.longQuantity ?? 0).sub(raw.shortQuantity ?? 0);
  if (quantity.isZero()) return undefined;
  const long = quantity.sign() > 0;
  const average = (long ? raw.averageLongPrice : raw.averageShortPrice) ?? raw.averagePrice ?? 0;
  const size = quantity.abs();
  const position: Position = {
    symbol: raw.instrument.symbol.toUpperCase(),
    quantity: quantity.toNumber(),
    side: long ? 'long' : 'short',
    averageCost: average > 0 ? average : Number.MIN_VALUE,
    costBasis: size.mul(average).toNumber(),
    raw,
  };
  if (raw.instrument.assetType !== undefined) position.assetClass = raw.instrument.assetType.toLowerCase();
  if (raw.marketValue !== undefined) {
    position.marketValue = raw.marketValue;
    if (!size.isZero() && raw.marketValue !== 0) position.currentPrice = Decimal.from(raw.marketValue).abs().div(size, 6).toNumber();
  }
  const pnl = long ? raw.longOpenProfitLoss : raw.shortOpenProfitLoss;
  if (pnl !== undefined) position.unrealizedPnl = pnl;
  return position;
}
