// The TD reader keeps facts (path, method, parameter types, field names, types, enums, statuses)
// and drops every text: descriptions and error messages never reach the committed JSON.
import { describe, expect, it } from 'vitest';
import { deriveTdFacts } from '../src/td-endpoint-facts.ts';

const doc = {
  name: 'PlaceThing',
  method: 'POST',
  url: 'https://api.tdameritrade.com/v1/accounts/{accountId}/things',
  url_params: { accountId: { format: 'int64', type: 'integer' } },
  query_params: { mode: { description: 'A sentence that must not be copied.', required: false, type: 'string' } },
  errors: { 400: 'Another sentence that must not be copied.', 401: 'And another.' },
  request: {
    top: { PlaceThing: { kind: { enum: ['A', 'B'], type: 'string', description: 'prose' }, when: { format: 'date-time', type: 'string' } } },
    sub: { Part: { Small: { size: { type: 'number', format: 'double', xml: { name: 'size' } } } } },
  },
};

describe('deriveTdFacts', () => {
  const facts = deriveTdFacts({ PlaceThing: doc }, 'td/schemas', 'sha', '2021-01-17', [{ name: 'PlaceThing', success: '201', response: 'none' }]);

  it('keeps the operation: method, path under the server, parameters, body and statuses', () => {
    expect(facts.servers).toEqual(['https://api.tdameritrade.com/v1']);
    expect(facts.operations.PlaceThing).toEqual({
      operationId: 'PlaceThing', method: 'POST', path: '/accounts/{accountId}/things',
      parameters: [
        { name: 'accountId', in: 'path', required: true, schema: { format: 'int64', type: 'integer' } },
        { name: 'mode', in: 'query', required: false, schema: { type: 'string' } },
      ],
      requestBody: { required: true, schema: { $ref: '#/schemas/PlaceThing' } },
      responses: { 201: null, 400: null, 401: null },
    });
    expect(facts.schemas.PlaceThing).toEqual({ type: 'object', properties: { kind: { enum: ['A', 'B'], type: 'string' }, when: { format: 'date-time', type: 'string' } } });
    expect(facts.schemas['Part.Small']).toEqual({ type: 'object', properties: { size: { format: 'double', type: 'number' } } });
  });

  it('carries none of the documents\' text', () => {
    expect(JSON.stringify(facts)).not.toMatch(/sentence|another|prose|xml/i);
  });
});
