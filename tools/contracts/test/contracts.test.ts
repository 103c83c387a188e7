import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drift, repoRoot, specsDir } from '../src/derive.ts';
import { deriveOpenApiFacts, type JsonObject } from '../src/openapi-facts.ts';
import { contractValidator } from '../src/validator.ts';

const haveSpecs = existsSync(specsDir());
// CI always has ../shared/specs beside the clone: there a missing directory is a failure, not a skip.
if (process.env.CI && !haveSpecs) throw new Error(`CI is set but there is no specs directory at ${specsDir()}`);
const facts = JSON.parse(readFileSync(join(repoRoot, 'packages/broker-alpaca/test/contract/trading-api.facts.json'), 'utf8'));
const contract = contractValidator(facts);

describe('derived contract facts', () => {
  // CI has ../shared/specs beside the clone; a clone without it still tests against the committed facts.
  it.skipIf(!haveSpecs)('match a fresh derivation from ../shared/specs (no drift)', () => {
    expect(drift()).toEqual([]);
  });

  it('hold structure only: no descriptions, examples or titles', () => {
    const text = JSON.stringify({ operations: facts.operations, schemas: facts.schemas });
    expect(text).not.toMatch(/"(description|example|examples|summary|title|x-[a-z-]+)":/);
  });
});

describe('deriveOpenApiFacts', () => {
  const doc = (parameter: JsonObject): JsonObject => ({
    info: { title: 'Orders', version: '1.0' },
    paths: { '/orders': { get: { operationId: 'listOrders', parameters: [parameter], responses: {} } } },
  });

  it('reads the names the spec gives as strings', () => {
    const facts = deriveOpenApiFacts(doc({ name: 'status', in: 'query' }), 'orders.json', 'sha', []);
    expect(facts.operations.listOrders?.parameters).toEqual([{ name: 'status', in: 'query', required: false }]);
  });

  it('refuses a spec whose parameter name is not a string, rather than naming it [object Object]', () => {
    expect(() => deriveOpenApiFacts(doc({ name: { en: 'status' }, in: 'query' }), 'orders.json', 'sha', [])).toThrow(
      'listOrders parameter name is not a string: {"en":"status"}',
    );
  });
});

describe('contractValidator', () => {
  it('matches concrete paths to operations, literal paths first', () => {
    expect(contract.match('GET', '/v2/orders/61e69015-8549-4bfd-b9c3-01e75843f47d')?.operationId).toBe('getOrderByOrderID');
    expect(contract.match('GET', '/v2/orders:by_client_order_id')?.operationId).toBe('getOrderByClientOrderId');
    expect(contract.match('POST', '/v2/orders')?.operationId).toBe('postOrder');
    expect(contract.match('PUT', '/v2/orders')).toBeUndefined();
  });

  it('accepts a request that fits and names what is wrong with one that does not', () => {
    const op = contract.match('POST', '/v2/orders')!;
    const good = { symbol: 'AAPL', qty: '2', side: 'buy', type: 'limit', time_in_force: 'gtc', limit_price: '150', client_order_id: 'abc' };
    expect(contract.checkRequest(op, { query: {}, body: good })).toEqual({ ok: true, errors: [] });
    const bad = contract.checkRequest(op, { query: {}, body: { ...good, side: 'long', type: 'iceberg' } });
    expect(bad.ok).toBe(false);
    expect(bad.errors.join('\n')).toMatch(/\/side/);
    const list = contract.match('GET', '/v2/orders')!;
    expect(contract.checkRequest(list, { query: { status: 'open', limit: '50' } }).ok).toBe(true);
    expect(contract.checkRequest(list, { query: { status: 'pending' } }).errors).toEqual(['query status=pending is not one of open,closed,all']);
    expect(contract.checkRequest(list, { query: { colour: 'red' } }).errors).toEqual(['query colour is not in the contract']);
  });

  it.skipIf(!haveSpecs)('accepts the spec\'s own published response examples and refuses a broken one', () => {
    const spec = JSON.parse(readFileSync(join(specsDir(), 'alpaca/trading-api.json'), 'utf8'));
    const example = spec.components.examples.EquityOrderResponse.value;
    const op = contract.match('POST', '/v2/orders')!;
    expect(contract.checkResponse(op, 200, example)).toEqual({ ok: true, errors: [] });
    expect(contract.checkResponse(op, 200, { ...example, status: 'teleported' }).ok).toBe(false);
    expect(contract.checkResponse(op, 418, example).errors).toEqual(['status 418 is not in the contract for postOrder']);
  });
});
