// The raw payloads the mapping tests read are themselves held to the contract, so a mapper is
// never tested against a shape Alpaca would not send; the request fixtures' bodies too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { marketDataContract, tradingContract } from './contract-guard.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const op = (contract: typeof tradingContract, method: string, path: string) => {
  const found = contract.match(method, path);
  if (!found) throw new Error(`no operation for ${method} ${path}`);
  return found;
};
const ORDER_PATH = '/v2/orders/0b6c3a52-6a0f-4d42-9d8e-3f4f2f1a7c10';

describe('fixtures fit the contract', () => {
  it.each([
    ['alpaca-order-bracket.json', tradingContract, 'GET', ORDER_PATH],
    ['alpaca-order-trailing.json', tradingContract, 'GET', ORDER_PATH],
    ['alpaca-account.json', tradingContract, 'GET', '/v2/account'],
    ['alpaca-position-short.json', tradingContract, 'GET', '/v2/positions/MSFT'],
    ['latest-quote.json', marketDataContract, 'GET', '/v2/stocks/AAPL/quotes/latest'],
    ['latest-trade.json', marketDataContract, 'GET', '/v2/stocks/AAPL/trades/latest'],
  ] as const)('%s', (name, contract, method, path) => {
    expect(contract.checkResponse(op(contract, method, path), 200, fixture(name))).toEqual({ ok: true, errors: [] });
  });

  it('the order inside the trade update fixture', () => {
    const message = fixture('trade-update-partial-fill.json') as { data: { order: unknown } };
    expect(tradingContract.checkResponse(op(tradingContract, 'GET', ORDER_PATH), 200, message.data.order).ok).toBe(true);
  });

  it('every request body of the request fixtures', () => {
    const { fixtures } = fixture('order-requests.json') as { fixtures: { requests: { method: string; path: string; body?: unknown }[] }[] };
    for (const f of fixtures) {
      for (const r of f.requests.filter((x) => x.body !== undefined)) {
        const path = r.path.replace('{order}', '0b6c3a52-6a0f-4d42-9d8e-3f4f2f1a7c10');
        expect(tradingContract.checkRequest(op(tradingContract, r.method, path), { query: {}, body: r.body }), `${r.method} ${path}`).toEqual({ ok: true, errors: [] });
      }
    }
  });

  it('a body that breaks the contract is caught (the check is not vacuous)', () => {
    const post = op(tradingContract, 'POST', '/v2/orders');
    expect(tradingContract.checkRequest(post, { query: {}, body: { symbol: 'AAPL', qty: 3, side: 'buy', type: 'market', time_in_force: 'day' } }).ok).toBe(false);
    expect(tradingContract.checkResponse(op(tradingContract, 'GET', ORDER_PATH), 200, { ...(fixture('alpaca-order-bracket.json') as object), status: 'teleported' }).ok).toBe(false);
  });
});
