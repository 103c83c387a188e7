// Static request fixtures: the exact order JSON each core request becomes, checked against the
// Trader API's `OrderRequest` schema too. @invest/broker-td runs the same fixtures against TD's.
import { readFileSync } from 'node:fs';
import { parseOrderRequest, type OrderRequestInput } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { SCHWAB_DIALECT, toOrderJson } from '../src/order-json/request-body.ts';
import { traderContract } from './contract/contract-guard.ts';

interface Fixture {
  name: string;
  schwabOnly?: boolean;
  request: OrderRequestInput;
  body: unknown;
}

const ORDER_REQUEST_FIXTURES: Fixture[] = (JSON.parse(readFileSync(new URL('./fixtures/order-requests.json', import.meta.url), 'utf8')) as { fixtures: Fixture[] }).fixtures;

describe('order JSON request fixtures (Schwab)', () => {
  const place = traderContract.match('POST', '/accounts/HASH/orders')!;
  it.each(ORDER_REQUEST_FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const body = toOrderJson(parseOrderRequest(fixture.request), SCHWAB_DIALECT);
    expect(body).toEqual(fixture.body);
    expect(traderContract.checkRequest(place, { query: {}, body }).errors).toEqual([]);
  });
});
