import { describe, expect, it } from 'vitest';
import { toCoreAccount } from './account.ts';
import { toCorePosition } from './position.ts';
import { toCoreQuote } from './quote.ts';
import { ibTimeToIso, toIbTime } from './timestamp.ts';

describe('account, positions, quotes, times', () => {
  it('account values from summary tags, exact to the cent', () => {
    const rows = [
      { account: 'DU1', tag: 'NetLiquidation', value: '100012.505', currency: 'USD' },
      { account: 'DU1', tag: 'TotalCashValue', value: '50000.10', currency: 'USD' },
      { account: 'DU1', tag: 'BuyingPower', value: '400050.00', currency: 'USD' },
      { account: 'DU1', tag: 'AccountType', value: 'INDIVIDUAL', currency: '' },
    ];
    expect(toCoreAccount('DU1', rows, true)).toMatchObject({ accountId: 'DU1', currency: 'USD', equity: 100012.5, portfolioValue: 100012.5, cash: 50000.1, buyingPower: 400050, paper: true, status: 'INDIVIDUAL' });
  });

  it('positions: signed, flat ones left out', () => {
    expect(toCorePosition({ account: 'DU1', contract: { symbol: 'aapl', secType: 'STK' }, pos: -3, avgCost: 150.1 })).toMatchObject({ symbol: 'AAPL', quantity: -3, side: 'short', averageCost: 150.1, costBasis: 450.3 });
    expect(toCorePosition({ account: 'DU1', contract: { symbol: 'AAPL' }, pos: 0, avgCost: 0 })).toBeUndefined();
  });

  it('quotes from live or delayed ticks; -1 means none', () => {
    expect(toCoreQuote('AAPL', [{ tickType: 1, value: 99.9 }, { tickType: 2, value: -1 }, { tickType: 4, value: 100 }, { tickType: 0, value: 300 }], 'now')).toMatchObject({ bid: 99.9, last: 100, bidSize: 300 });
    expect(toCoreQuote('AAPL', [{ tickType: 66, value: 99 }, { tickType: 67, value: 101 }], 'now')).toMatchObject({ bid: 99, ask: 101 });
    expect(toCoreQuote('AAPL', [{ tickType: 2, value: -1 }], 'now')).toBeUndefined();
  });

  it('IB times both ways', () => {
    expect(ibTimeToIso('20261205-14:30:01')).toBe('2026-12-05T14:30:01.000Z');
    expect(ibTimeToIso('20261205  14:30:01 US/Eastern')).toBe('2026-12-05T14:30:01.000Z');
    expect(ibTimeToIso('garbage', () => 'fallback')).toBe('fallback');
    expect(toIbTime(new Date('2026-12-05T14:30:01Z'))).toBe('20261205-14:30:01');
  });
});
