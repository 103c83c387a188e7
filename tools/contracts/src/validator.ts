// Validates requests and responses against derived contract facts, for msw handlers in adapter
// tests: every request the adapter sends and every body the mock answers must fit the contract.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ContractFacts, OperationFacts } from './openapi-facts.ts';

type Schema = Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

/** OpenAPI 3.0 `nullable` -> JSON Schema type lists; `#/schemas/X` refs -> `#/definitions/X`. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'nullable') continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/schemas/', '#/definitions/');
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Schema).map(([n, p]) => [n, toJsonSchema(p)]));
    else out[k] = toJsonSchema(v);
  }
  if (s.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) {
      const values: unknown[] = out.enum;
      out.enum = [...values, null];
    }
    if (out.$ref || out.allOf || out.oneOf || out.anyOf) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export interface ContractCheck {
  ok: boolean;
  errors: string[];
}

/** Matches `/v2/orders/{order_id}` against `/v2/orders/abc`. */
function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

/**
 * Builds a validator over one derived contract.
 *
 * @example
 * ```ts
 * const contract = contractValidator(JSON.parse(readFileSync('test/contract/trading-api.facts.json', 'utf8')))
 * const op = contract.match('POST', '/v2/orders')
 * contract.checkRequest(op, { query: {}, body }).ok
 * ```
 */
export function contractValidator(facts: ContractFacts) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI formats ajv does not know: check the decimal strings, accept the numeric ones.
  ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
  for (const name of ['uint32', 'uint64', 'double', 'float', 'int32', 'int64']) ajv.addFormat(name, true);
  const definitions = Object.fromEntries(Object.entries(facts.schemas).map(([n, s]) => [n, toJsonSchema(s)]));
  const cache = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: unknown): ValidateFunction => {
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile({ ...(toJsonSchema(schema) as Schema), definitions });
      cache.set(key, fn);
    }
    return fn;
  };
  const patterns = Object.values(facts.operations).map((op) => ({ op, re: pathPattern(op.path) }));
  const explain = (fn: ValidateFunction): string[] =>
    (fn.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`.trim());

  return {
    facts,
    /** The operation for a method and concrete path, preferring literal paths over templated ones. */
    match(method: string, path: string): OperationFacts | undefined {
      const hits = patterns.filter(({ op, re }) => op.method === method.toUpperCase() && re.test(path));
      hits.sort((a, b) => (a.op.path.includes('{') ? 1 : 0) - (b.op.path.includes('{') ? 1 : 0));
      return hits[0]?.op;
    },
    checkRequest(op: OperationFacts, req: { query: Record<string, string>; body?: unknown }): ContractCheck {
      const errors: string[] = [];
      for (const p of op.parameters.filter((x) => x.in === 'query')) {
        const value = req.query[p.name];
        if (value === undefined) {
          if (p.required) errors.push(`query ${p.name} is required`);
          continue;
        }
        const schema = p.schema as Schema | undefined;
        if (schema && Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`query ${p.name}=${value} is not one of ${schema.enum.join(',')}`);
        if (schema?.type === 'integer' && !/^-?\d+$/.test(value)) errors.push(`query ${p.name}=${value} is not an integer`);
        if (schema?.type === 'boolean' && value !== 'true' && value !== 'false') errors.push(`query ${p.name}=${value} is not a boolean`);
      }
      const known = new Set(op.parameters.filter((x) => x.in === 'query').map((x) => x.name));
      for (const name of Object.keys(req.query)) if (!known.has(name)) errors.push(`query ${name} is not in the contract`);
      if (op.requestBody?.schema) {
        if (req.body === undefined) {
          if (op.requestBody.required) errors.push('body is required');
        } else {
          const fn = compile(`req:${op.operationId}`, op.requestBody.schema);
          if (!fn(req.body)) errors.push(...explain(fn));
        }
      } else if (req.body !== undefined) {
        errors.push('the contract defines no request body');
      }
      return { ok: errors.length === 0, errors };
    },
    checkResponse(op: OperationFacts, status: number, body: unknown): ContractCheck {
      // A status listed with no body ("204": null) is in the contract; only an unlisted one falls to default.
      const schema = String(status) in op.responses ? op.responses[String(status)] : op.responses.default;
      if (schema === undefined) return { ok: false, errors: [`status ${status} is not in the contract for ${op.operationId}`] };
      if (schema === null) return { ok: true, errors: [] };
      const fn = compile(`res:${op.operationId}:${status}`, schema);
      return fn(body) ? { ok: true, errors: [] } : { ok: false, errors: explain(fn) };
    },
  };
}
