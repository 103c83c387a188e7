// Reduces TD Ameritrade's per-endpoint schema files (one JSON document per operation: method,
// url, url_params, query_params, request/response `top` and `sub` property maps, error statuses)
// to the same structural facts as an OpenAPI document: paths, methods, parameter types, field
// names, types, enums and required lists. Descriptions and error texts are dropped: the documents
// are GPL-2.0, and only facts about the contract are kept, never their prose.
import { keepStructure, type ContractFacts, type Json, type JsonObject, type OperationFacts } from './openapi-facts.ts';

/** How an operation's success answer is shaped; the per-endpoint files name the object, not the shape. */
export type TdBodyShape = 'object' | 'array' | 'symbol-map' | 'none';

/** One operation to derive, with the facts its file does not state (success status and body shape, from TD's endpoint docs). */
export interface TdOperationTarget {
  name: string;
  success: string;
  response: TdBodyShape;
}

/** TD's one API host: paths are kept relative to it, like an OpenAPI server URL. */
export const TD_SERVER = 'https://api.tdameritrade.com/v1';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value the format says is a string; anything else is a malformed file, not `[object Object]`. */
function text(value: Json | undefined, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is not a string: ${JSON.stringify(value)}`);
  return value;
}

/** A property map (`{ field: schema }`) as an object schema of its structural keys. */
function objectSchema(properties: JsonObject): Json {
  return keepStructure({ type: 'object', properties });
}

/** A parameter's schema without its description; `required` is the parameter's, not the schema's. */
function parameterSchema(value: Json): Json {
  if (!isObject(value)) return {};
  const { required: _required, ...rest } = value;
  return keepStructure(rest);
}

/**
 * Derives the facts of `targets` from the files in `files` (name -> parsed document).
 *
 * @example
 * ```ts
 * deriveTdFacts({ PlaceOrder: json }, 'tdameritrade/...', sha, '2021-01-17', [{ name: 'PlaceOrder', success: '201', response: 'none' }])
 * ```
 */
export function deriveTdFacts(files: Record<string, JsonObject>, spec: string, sha256: string, version: string, targets: readonly TdOperationTarget[]): ContractFacts {
  const operations: Record<string, OperationFacts> = {};
  const schemas: Record<string, Json> = {};
  for (const target of targets) {
    const doc = files[target.name];
    if (!doc) throw new Error(`${spec}: no endpoint file ${target.name}`);
    const url = text(doc.url, `${target.name} url`);
    if (!url.startsWith(TD_SERVER)) throw new Error(`${target.name}: url ${url} is not under ${TD_SERVER}`);
    const parameters: OperationFacts['parameters'] = [];
    for (const [name, schema] of Object.entries(isObject(doc.url_params) ? doc.url_params : {})) {
      parameters.push({ name, in: 'path', required: true, schema: parameterSchema(schema) });
    }
    for (const [name, schema] of Object.entries(isObject(doc.query_params) ? doc.query_params : {})) {
      parameters.push({ name, in: 'query', required: isObject(schema) && schema.required === true, schema: parameterSchema(schema) });
    }
    const named = (part: Json): string[] => {
      const names: string[] = [];
      if (!isObject(part)) return names;
      for (const [label, props] of Object.entries(isObject(part.top) ? part.top : {})) {
        // `Mutual Fund` -> `MutualFund`: a schema name must be a JSON pointer segment without spaces.
        const name = label.replace(/\s+/g, '');
        if (isObject(props)) schemas[name] = objectSchema(props);
        names.push(name);
      }
      for (const [group, variants] of Object.entries(isObject(part.sub) ? part.sub : {})) {
        for (const [variant, props] of Object.entries(isObject(variants) ? variants : {})) {
          if (isObject(props)) schemas[`${group}.${variant}`] = objectSchema(props);
        }
      }
      return names;
    };
    const requestNames = named(doc.request ?? null);
    const responseNames = named(doc.response ?? null);
    const responses: Record<string, Json> = {};
    const refs = responseNames.map((n) => ({ $ref: `#/schemas/${n}` }));
    const one: Json = refs.length === 1 ? refs[0]! : { anyOf: refs };
    if (target.response === 'none') responses[target.success] = null;
    else if (target.response === 'object') responses[target.success] = one;
    else if (target.response === 'array') responses[target.success] = { type: 'array', items: one };
    else responses[target.success] = { type: 'object', additionalProperties: one };
    for (const status of Object.keys(isObject(doc.errors) ? doc.errors : {})) responses[status] = null;
    operations[target.name] = {
      operationId: target.name,
      method: text(doc.method, `${target.name} method`).toUpperCase(),
      path: url.slice(TD_SERVER.length),
      parameters,
      ...(requestNames.length === 1 ? { requestBody: { required: true, schema: { $ref: `#/schemas/${requestNames[0]}` } } } : {}),
      responses,
    };
  }
  const sorted: Record<string, Json> = {};
  for (const name of Object.keys(schemas).sort()) sorted[name] = schemas[name]!;
  return {
    source: { spec, sha256, title: 'TD Ameritrade API (per-endpoint schemas)', version },
    servers: [TD_SERVER],
    operations,
    schemas: sorted,
  };
}
