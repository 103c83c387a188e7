import { errorMessage, tickPriceMessage, tickSizeMessage } from './encode.ts';
import type { FakeEngine } from './engine.ts';
import type { Field } from './framing.ts';
import { TICK, TO_CLIENT } from './messages.ts';
import type { DataSubscription } from './model.ts';

/** A snapshot request as the fake reads it. */
export interface MarketDataRequest {
  reqId: number;
  symbol: string;
  snapshot: boolean;
}

/**
 * The messages answering reqAccountSummary: NetLiquidation, TotalCashValue, BuyingPower (4x net
 * liquidation), AvailableFunds and AccountType per account, then the end.
 *
 * @example
 * ```ts
 * accountSummaryAnswer(engine, ['DU1'], 9) // [[63, 1, 9, 'DU1', 'NetLiquidation', '100000.00', 'USD'], ...]
 * ```
 */
export function accountSummaryAnswer(engine: FakeEngine, accounts: readonly string[], reqId: number): Field[][] {
  const out: Field[][] = [];
  for (const account of accounts) {
    const cash = Math.round(engine.cash(account) * 100) / 100;
    const net = engine.netLiquidation(account);
    const tags: [string, number][] = [['NetLiquidation', net], ['TotalCashValue', cash], ['BuyingPower', Math.round(net * 4 * 100) / 100], ['AvailableFunds', cash]];
    for (const [tag, value] of tags) out.push([TO_CLIENT.ACCOUNT_SUMMARY, 1, reqId, account, tag, value.toFixed(2), 'USD']);
    out.push([TO_CLIENT.ACCOUNT_SUMMARY, 1, reqId, account, 'AccountType', 'INDIVIDUAL', '']);
  }
  out.push([TO_CLIENT.ACCOUNT_SUMMARY_END, 1, reqId]);
  return out;
}

/**
 * The messages answering reqMktData: with live data, the market data type then bid / ask / last
 * ticks with sizes (and the snapshot end); with delayed data only, error 10089 until the client
 * asked for delayed data (type 3 or 4), then delayed ticks; with none, error 354; for a symbol
 * without a quote, error 200.
 *
 * @example
 * ```ts
 * marketDataAnswer(193, engine, 'none', 1, { reqId: 5, symbol: 'AAPL', snapshot: true }) // [[4, 2, 5, 354, 'Requested market data is not subscribed...', '']]
 * ```
 */
export function marketDataAnswer(version: number, engine: FakeEngine, data: DataSubscription, marketDataType: number, req: MarketDataRequest): Field[][] {
  const quote = engine.quotes.get(req.symbol);
  if (!quote) return [errorMessage(version, req.reqId, 200, 'No security definition has been found for the request')];
  const delayedAsked = marketDataType === 3 || marketDataType === 4;
  if (data === 'none' || (data === 'delayed' && !delayedAsked)) {
    const text = data === 'none'
      ? 'Requested market data is not subscribed. Check API status by selecting the Account menu then under Management choose Market Data Subscription Manager.'
      : "Requested market data requires additional subscription for API. See link in 'Market Data Connections dialog' for more details.Delayed market data is available.";
    return [errorMessage(version, req.reqId, data === 'none' ? 354 : 10089, text)];
  }
  const delayed = data === 'delayed';
  const out: Field[][] = [[TO_CLIENT.MARKET_DATA_TYPE, 1, req.reqId, delayed ? 3 : 1]];
  const ticks: [number, number, number | undefined][] = delayed
    ? [[TICK.DELAYED_BID, TICK.DELAYED_BID_SIZE, quote.bid], [TICK.DELAYED_ASK, TICK.DELAYED_ASK_SIZE, quote.ask], [TICK.DELAYED_LAST, TICK.DELAYED_LAST_SIZE, quote.last]]
    : [[TICK.BID, TICK.BID_SIZE, quote.bid], [TICK.ASK, TICK.ASK_SIZE, quote.ask], [TICK.LAST, TICK.LAST_SIZE, quote.last]];
  for (const [priceTick, sizeTick, value] of ticks) {
    if (value === undefined) continue;
    out.push(tickPriceMessage(req.reqId, priceTick, value), tickSizeMessage(req.reqId, sizeTick, '100'));
  }
  if (req.snapshot) out.push([TO_CLIENT.TICK_SNAPSHOT_END, 1, req.reqId]);
  return out;
}
