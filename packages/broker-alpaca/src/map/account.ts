import { Decimal, type AccountInfo } from '@invest/broker-core';
import type { AlpacaAccount } from '../schemas/account.ts';
import { decimalNumber, optionalNumber } from './decimal.ts';

/**
 * Alpaca's account -> core `AccountInfo`. Day P&L is equity minus the previous close's equity
 * (`last_equity`), computed exactly; a multiplier above 1 means a margin account.
 *
 * Example of the raw payload (`GET /v2/account`, abridged):
 * ```json
 * { "id": "3f1b9a8e-52c4-4d41-a0c8-5f8b1c2d9e70", "account_number": "PA3KQ8Z1W2X3", "status": "ACTIVE", "currency": "USD",
 *   "cash": "98500.25", "buying_power": "197000.5", "portfolio_value": "100310.25", "equity": "100310.25",
 *   "last_equity": "100000", "multiplier": "2", "shorting_enabled": true, "trading_blocked": false }
 * ```
 *
 * @example
 * ```ts
 * toCoreAccount(AlpacaAccountSchema.parse(json), true).dayPnl // 310.25
 * ```
 */
export function toCoreAccount(raw: AlpacaAccount, paper: boolean): AccountInfo {
  const equity = decimalNumber(raw.equity);
  const account: AccountInfo = {
    accountId: raw.id,
    currency: (raw.currency ?? 'USD').toUpperCase(),
    cash: decimalNumber(raw.cash),
    buyingPower: decimalNumber(raw.buying_power),
    portfolioValue: optionalNumber(raw.portfolio_value) ?? equity,
    equity,
    paper,
    status: raw.status,
    raw,
  };
  if (raw.last_equity !== null && raw.last_equity !== undefined) {
    account.startOfDayEquity = decimalNumber(raw.last_equity);
    account.dayPnl = Decimal.from(raw.equity).sub(Decimal.from(raw.last_equity)).toNumber();
  }
  const multiplier = optionalNumber(raw.multiplier);
  if (multiplier !== undefined) account.accountType = multiplier > 1 ? 'margin' : 'cash';
  return account;
}
