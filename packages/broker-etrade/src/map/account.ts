import type { AccountInfo } from '@invest/broker-core';
import type { EtradeBalance } from '../schemas/account.ts';

/**
 * An E*TRADE balance as a core account. Equity is the real-time total account value; cash is cash
 * available for investment (falling back to the cash balance); buying power is the margin buying
 * power on a margin account, else the cash buying power. A raw example (v1-facts §4.2):
 *
 * ```json
 * { "accountId": "83405188", "accountType": "INDIVIDUAL", "accountMode": "MARGIN",
 *   "Computed": { "cashAvailableForInvestment": 1000.5, "cashBuyingPower": 1000.5, "marginBuyingPower": 2001,
 *                 "RealTimeValues": { "totalAccountValue": 25000.25 } } }
 * ```
 *
 * @example
 * ```ts
 * toCoreAccount(balance, true).equity // 25000.25
 * ```
 */
export function toCoreAccount(balance: EtradeBalance, paper: boolean): AccountInfo {
  const c = balance.Computed;
  const cash = c.cashAvailableForInvestment ?? c.cashBalance ?? c.netCash ?? 0;
  const margin = balance.accountMode === 'MARGIN' || (c.marginBuyingPower !== undefined && c.marginBuyingPower > 0);
  const buyingPower = (margin ? c.marginBuyingPower : undefined) ?? c.cashBuyingPower ?? cash;
  const equity = c.RealTimeValues?.totalAccountValue ?? c.accountBalance ?? cash;
  const account: AccountInfo = {
    accountId: balance.accountId,
    currency: 'USD',
    cash,
    buyingPower,
    portfolioValue: equity,
    equity,
    accountType: margin ? 'margin' : 'cash',
    paper,
    raw: balance,
  };
  if (balance.asOfDate !== undefined && balance.asOfDate > 0) account.updatedAt = new Date(balance.asOfDate < 1e12 ? balance.asOfDate * 1000 : balance.asOfDate).toISOString();
  return account;
}
