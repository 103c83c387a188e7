import { Decimal, type AccountInfo } from '@invest/broker-core';
import type { SchwabAccount } from '../schemas/account.ts';

/**
 * Schwab's account (with positions) -> core `AccountInfo`. A margin account gives equity and
 * buying power; a cash account gives cash available for trading, and its equity is cash plus the
 * positions' market value, summed exactly. Start-of-day equity is the initial balances' account
 * value (the basis of day P&L). Schwab has no paper environment, so `paper` is false.
 *
 * Example of the raw payload (`GET /accounts/{accountHash}?fields=positions`, a margin account):
 * ```json
 * { "securitiesAccount": { "type": "MARGIN", "accountNumber": "12345678", "roundTrips": 0, "isDayTrader": false,
 *   "positions": [{ "longQuantity": 10, "shortQuantity": 0, "averagePrice": 150, "marketValue": 1510,
 *     "instrument": { "assetType": "EQUITY", "symbol": "AAPL" } }],
 *   "initialBalances": { "accountValue": 100000, "cashBalance": 98500 },
 *   "currentBalances": { "equity": 100010, "buyingPower": 197000, "availableFunds": 98500 } } }
 * ```
 *
 * @example
 * ```ts
 * toCoreAccount(SchwabAccountSchema.parse(json), { broker: 'schwab', paper: false }).equity
 * ```
 */
export function toCoreAccount(raw: SchwabAccount, options: { paper: boolean }): AccountInfo {
  const account = raw.securitiesAccount;
  const now = account.currentBalances ?? {};
  const start = account.initialBalances ?? {};
  const margin = account.type !== 'CASH';
  const cash = now.cashBalance ?? now.cashAvailableForTrading ?? now.totalCash ?? start.cashBalance ?? 0;
  const held = (account.positions ?? []).reduce((sum, p) => sum.add(Decimal.from(p.marketValue ?? 0)), Decimal.ZERO);
  const equity = (margin ? now.equity : undefined) ?? now.liquidationValue ?? Decimal.from(cash).add(held).toNumber();
  const info: AccountInfo = {
    accountId: account.accountNumber ?? 'schwab',
    currency: 'USD',
    cash,
    buyingPower: (margin ? now.buyingPower : undefined) ?? now.cashAvailableForTrading ?? now.availableFunds ?? cash,
    portfolioValue: equity,
    equity,
    accountType: margin ? 'margin' : 'cash',
    paper: options.paper,
    raw,
  };
  const startOfDay = start.accountValue ?? start.liquidationValue;
  if (startOfDay !== undefined) {
    info.startOfDayEquity = startOfDay;
    info.dayPnl = Decimal.from(equity).sub(startOfDay).toNumber();
  }
  return info;
}
