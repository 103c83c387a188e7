import type { AccountInfo } from '@invest/broker-core';
import { toCoreAccount } from '@invest/broker-schwab';
import type { TdAccount } from '../schemas/account.ts';

/**
 * TD's account -> core `AccountInfo`, through Schwab's mapper (the balances are the same fields;
 * TD names the account `accountId`).
 *
 * Example of the raw payload (`GET /accounts/{accountId}?fields=positions`):
 * ```json
 * { "securitiesAccount": { "type": "MARGIN", "accountId": "123456789", "roundTrips": 0, "isDayTrader": false,
 *   "positions": [{ "longQuantity": 10, "shortQuantity": 0, "averagePrice": 150, "marketValue": 1510, "instrument": { "assetType": "EQUITY", "symbol": "AAPL" } }],
 *   "initialBalances": { "accountValue": 100000 }, "currentBalances": { "equity": 100010, "buyingPower": 197000, "cashBalance": 98500 } } }
 * ```
 *
 * @example
 * ```ts
 * toTdAccount(TdAccountSchema.parse(json)).accountId // '123456789'
 * ```
 */
export function toTdAccount(raw: TdAccount): AccountInfo {
  const { accountId, ...rest } = raw.securitiesAccount;
  const info = toCoreAccount({ securitiesAccount: { ...rest, ...(accountId !== undefined ? { accountNumber: accountId } : {}) } }, { paper: false });
  return { ...info, raw };
}
