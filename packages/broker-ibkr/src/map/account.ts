import { Decimal, type AccountInfo } from '@invest/broker-core';
import type { IbAccountSummaryRow } from '../schemas/account.ts';

/**
 * Core account values from accountSummary rows of one account: equity and portfolio value from
 * NetLiquidation, cash from TotalCashValue, buying power from BuyingPower (IB's figures, in the
 * account's base currency). Values are read exactly (decimal text) and rounded to the cent.
 *
 * Raw example: `[{ account: 'DU1234567', tag: 'NetLiquidation', value: '100012.50', currency: 'USD' }, ...]`
 *
 * @example
 * ```ts
 * toCoreAccount('DU1234567', rows, true).equity // 100012.5
 * ```
 */
export function toCoreAccount(account: string, rows: readonly IbAccountSummaryRow[], paper: boolean): AccountInfo {
  const tag = (name: string): IbAccountSummaryRow | undefined => rows.find((r) => r.tag === name);
  const money = (name: string): number => {
    const value = tag(name)?.value;
    return value === undefined || value.trim() === '' ? 0 : Decimal.from(value.trim()).round(2).toNumber();
  };
  const net = money('NetLiquidation');
  const info: AccountInfo = {
    accountId: account,
    currency: tag('NetLiquidation')?.currency || 'USD',
    cash: money('TotalCashValue'),
    buyingPower: money('BuyingPower'),
    portfolioValue: net,
    equity: net,
    paper,
    raw: rows,
  };
  const type = tag('AccountType')?.value;
  if (type) info.status = type;
  return info;
}
