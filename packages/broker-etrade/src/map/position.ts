import type { Position } from '@invest/broker-core';
import type { EtradePosition } from '../schemas/portfolio.ts';

/**
 * A portfolio position as a core position (short when `positionType` is SHORT or the quantity is
 * negative); undefined for a zero quantity or one with no price at all. Average cost is
 * `costPerShare`, else `pricePaid`, else total cost over quantity, else the last price. A raw
 * example (v1-facts §4.3):
 *
 * ```json
 * { "positionId": 1, "Product": { "symbol": "AAPL", "securityType": "EQ" }, "quantity": 10, "positionType": "LONG",
 *   "pricePaid": 150, "costPerShare": 150, "totalCost": 1500, "marketValue": 1600, "totalGain": 100,
 *   "Quick": { "lastTrade": 160 } }
 * ```
 *
 * @example
 * ```ts
 * toCorePosition(raw)?.quantity // 10
 * ```
 */
export function toCorePosition(raw: EtradePosition): Position | undefined {
  const size = Math.abs(raw.quantity);
  if (size === 0) return undefined;
  const short = raw.positionType === 'SHORT' || raw.quantity < 0;
  const quantity = short ? -size : size;
  const last = raw.Quick?.lastTrade;
  // A holding with no cost on record (a transfer in, say) is valued at its price: core's model
  // needs a positive average cost, and the market price is the least surprising stand-in.
  const averageCost = [raw.costPerShare, raw.pricePaid, raw.totalCost === undefined ? undefined : Math.abs(raw.totalCost) / size, last, raw.marketValue === undefined ? undefined : Math.abs(raw.marketValue) / size].find(
    (v): v is number => v !== undefined && v > 0,
  );
  if (averageCost === undefined) return undefined;
  const position: Position = {
    symbol: raw.Product.symbol.toUpperCase(),
    quantity,
    side: short ? 'short' : 'long',
    averageCost,
    costBasis: size * averageCost,
    assetClass: raw.Product.securityType === 'EQ' || raw.Product.securityType === undefined ? 'us_equity' : raw.Product.securityType.toLowerCase(),
    raw,
  };
  if (last !== undefined && last > 0) position.currentPrice = last;
  if (raw.marketValue !== undefined) position.marketValue = raw.marketValue;
  if (raw.totalGain !== undefined) position.unrealizedPnl = raw.totalGain;
  return position;
}
