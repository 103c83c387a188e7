import { Decimal, type Position } from '@invest/broker-core';
import type { AlpacaPosition } from '../schemas/position.ts';
import { decimalNumber, optionalNumber, positiveOrUndefined } from './decimal.ts';

/**
 * Alpaca's position -> core `Position`. Quantity is signed by `side` (negative for a short);
 * `costBasis` is |quantity| x average entry price, computed exactly (Alpaca's own `cost_basis`
 * carries the short's sign and stays in `raw`).
 *
 * Example of the raw payload (`GET /v2/positions/AAPL`):
 * ```json
 * { "asset_id": "8ccae427-5dd0-45b3-b5fe-7ba5e422c766", "symbol": "AAPL", "exchange": "NASDAQ", "asset_class": "us_equity",
 *   "avg_entry_price": "100.01", "qty": "3", "qty_available": "3", "side": "long", "market_value": "300.6", "cost_basis": "300.03",
 *   "unrealized_pl": "0.57", "unrealized_plpc": "0.0019", "unrealized_intraday_pl": "0.57", "unrealized_intraday_plpc": "0.0019",
 *   "current_price": "100.2", "lastday_price": "99.5", "change_today": "0.0071", "asset_marginable": true }
 * ```
 *
 * @example
 * ```ts
 * toCorePosition(AlpacaPositionSchema.parse(json)).quantity // 3
 * ```
 */
export function toCorePosition(raw: AlpacaPosition): Position {
  const size = Decimal.from(raw.qty).abs();
  const quantity = raw.side === 'short' ? -size.toNumber() : size.toNumber();
  const averageCost = decimalNumber(raw.avg_entry_price);
  const position: Position = {
    symbol: raw.symbol,
    quantity,
    side: raw.side,
    averageCost,
    costBasis: size.mul(Decimal.from(raw.avg_entry_price)).toNumber(),
    raw,
  };
  const currentPrice = positiveOrUndefined(raw.current_price);
  if (currentPrice !== undefined) position.currentPrice = currentPrice;
  const marketValue = optionalNumber(raw.market_value);
  if (marketValue !== undefined) position.marketValue = marketValue;
  const unrealizedPnl = optionalNumber(raw.unrealized_pl);
  if (unrealizedPnl !== undefined) position.unrealizedPnl = unrealizedPnl;
  if (raw.asset_class !== undefined) position.assetClass = raw.asset_class;
  return position;
}

/**
 * The path of a position: crypto pairs are written `BTC/USD`, position paths take `BTCUSD`.
 *
 * @example
 * ```ts
 * positionPath('BTC/USD') // '/v2/positions/BTCUSD'
 * ```
 */
export function positionPath(symbol: string): string {
  return `/v2/positions/${encodeURIComponent(symbol.replace('/', ''))}`;
}
