import { afterEach, describe, expect, it, vi } from 'vitest';
import { pathParams } from '../src/path-params.ts';
import { quietValidator } from '../src/quiet-validator.ts';
import { contractValidator } from '../src/validator.ts';

describe('pathParams', () => {
  it('reads each named segment, decoded', () => {
    expect(pathParams('/accounts/{hash}/orders/{orderId}', '/accounts/A%2FB/orders/42')).toEqual({ hash: 'A/B', orderId: '42' });
  });

  it('takes the template literally outside its parameters', () => {
    expect(pathParams('/v2/orders:by_client_order_id', '/v2/orders:by_client_order_id')).toEqual({});
    expect(pathParams('/a.b/{id}', '/aXb/1')).toEqual({ id: '' });
  });
});

describe('quietValidator', () => {
  const facts = {
    operations: { getThing: { operationId: 'getThing', method: 'GET', path: '/thing', parameters: [], responses: { '200': { type: 'object', properties: { a: { type: 'string', format: 'made-up' }, b: { type: 'string', format: 'other-made-up' } } } } } },
    schemas: {},
  };
  afterEach(() => vi.restoreAllMocks());

  function warningsWhileChecking(ignored?: RegExp): string[] {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const validator = quietValidator(contractValidator(facts as never), ignored);
    const result = validator.checkResponse(validator.match('GET', '/thing')!, 200, { a: 'x', b: 'y' });
    expect(result.ok).toBe(true);
    return warn.mock.calls.map((args) => String(args[0]));
  }

  it('drops the unknown-format notes of the formats it is told to ignore, and only those', () => {
    const warnings = warningsWhileChecking(/^made-up$/);
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) expect(warning).toMatch(/^unknown format "other-made-up" ignored/);
  });

  it('drops every unknown-format note by default', () => {
    expect(warningsWhileChecking()).toEqual([]);
  });
});
