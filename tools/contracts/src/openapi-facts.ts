// Reduces an OpenAPI 3.0 document to its structural facts: for the chosen operations, the method,
// path, parameters and request/response schemas; for schemas, only the keys that say what is
// valid (type, format, enum, required, properties, items, bounds, nullable, composition). Every
// description, example, title and vendor extension is dropped: the result is data about the
// contract, not a copy of the document.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

const STRUCTURAL_KEYS = new Set([
  'type', 'format', 'enum', 'required', 'properties', 'items', 'nullable', 'oneOf', 'anyOf', 'allOf',
  'additionalProperties', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength',
  'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', '$ref', 'default',
]);

export interface OperationFacts {
  operationId: string;
  method: string;
  path: string;
  parameters: { name: string; in: string; required: boolean; schema?: Json }[];
  requestBody?: { required: boolean; schema?: Json };
  /** Status code -> response body schema (null: no JSON body). */
  responses: Record<string, Json>;
}

export interface ContractFacts {
  source: { spec: string; sha256: string; title: string; version: string };
  servers: string[];
  operations: Record<string, OperationFacts>;
  schemas: Record<string, Json>;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value the OpenAPI spec says is a string; anything else is a malformed document, not `[object Object]`. */
function text(value: Json | undefined, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is not a string: ${JSON.stringify(value)}`);
  return value;
}

function resolve(doc: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: Json = doc;
  for (const part of ref.slice(2).split('/')) {
    if (!isObject(node)) throw new Error(`bad $ref ${ref}`);
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')] as Json;
  }
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

/** Keeps the structural keys of a schema; `#/components/schemas/X` refs become `#/schemas/X` and X is queued. */
function reduceSchema(doc: JsonObject, schema: Json, queue: Set<string>): Json {
  if (Array.isArray(schema)) return schema.map((s) => reduceSchema(doc, s, queue));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    const m = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
    if (m) {
      queue.add(m[1]!);
      return { $ref: `#/schemas/${m[1]}` };
    }
    return reduceSchema(doc, resolve(doc, schema.$ref), queue);
  }
  const out: JsonObject = {};
  for (const key of Object.keys(schema).sort()) {
    if (!STRUCTURAL_KEYS.has(key)) continue;
    const value = schema[key]!;
    if (key === 'properties' && isObject(value)) {
      const props: JsonObject = {};
      for (const name of Object.keys(value).sort()) props[name] = reduceSchema(doc, value[name]!, queue);
      out.properties = props;
    } else if (key === 'items' || key === 'additionalProperties' || key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
      out[key] = typeof value === 'boolean' ? value : reduceSchema(doc, value, queue);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Keeps only the structural keys of a schema that has no `$ref`s (documents that are not OpenAPI,
 * e.g. TD Ameritrade's per-endpoint files).
 */
export function keepStructure(schema: Json): Json {
  return reduceSchema({}, schema, new Set());
}

function jsonSchemaOf(doc: JsonObject, content: Json, queue: Set<string>): Json {
  if (!isObject(content)) return null;
  const media = (content['application/json'] ?? Object.values(content)[0]) as Json;
  if (!isObject(media) || media.schema === undefined) return null;
  return reduceSchema(doc, media.schema, queue);
}

/**
 * Derives the facts of `operationIds` (all operations when empty) from an OpenAPI 3.0 document.
 */
export function deriveOpenApiFacts(doc: JsonObject, spec: string, sha256: string, operationIds: readonly string[]): ContractFacts {
  const queue = new Set<string>();
  const operations: Record<string, OperationFacts> = {};
  const wanted = new Set(operationIds);
  const paths = doc.paths as Record<string, JsonObject>;
  for (const path of Object.keys(paths).sort()) {
    const item = paths[path]!;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!isObject(op)) continue;
      const id = text(op.operationId ?? `${method} ${path}`, `${method} ${path} operationId`);
      if (wanted.size > 0 && !wanted.has(id)) continue;
      const params = [...((item.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])].map((p) =>
        isObject(p) && typeof p.$ref === 'string' ? (resolve(doc, p.$ref) as JsonObject) : (p as JsonObject),
      );
      const responses: Record<string, Json> = {};
      for (const [status, response] of Object.entries((op.responses as JsonObject) ?? {})) {
        const r = isObject(response) && typeof response.$ref === 'string' ? resolve(doc, response.$ref) : response;
        responses[status] = isObject(r) ? jsonSchemaOf(doc, r.content ?? null, queue) : null;
      }
      const body = isObject(op.requestBody) && typeof op.requestBody.$ref === 'string' ? resolve(doc, op.requestBody.$ref) : op.requestBody;
      operations[id] = {
        operationId: id,
        method: method.toUpperCase(),
        path,
        parameters: params.map((p) => ({
          name: text(p.name, `${id} parameter name`), in: text(p.in, `${id} parameter in`), required: p.required === true,
          ...(p.schema !== undefined ? { schema: reduceSchema(doc, p.schema, queue) } : {}),
        })),
        ...(isObject(body) ? { requestBody: { required: body.required === true, schema: jsonSchemaOf(doc, body.content ?? null, queue) } } : {}),
        responses,
      };
    }
  }
  for (const id of wanted) if (!operations[id]) throw new Error(`${spec}: no operation ${id}`);
  const schemas: Record<string, Json> = {};
  const components = ((doc.components as JsonObject)?.schemas ?? {}) as JsonObject;
  const done = new Set<string>();
  while (done.size < queue.size) {
    for (const name of [...queue]) {
      if (done.has(name)) continue;
      done.add(name);
      if (components[name] === undefined) throw new Error(`${spec}: unresolved schema ${name}`);
      schemas[name] = reduceSchema(doc, components[name], queue);
    }
  }
  const sortedSchemas: Record<string, Json> = {};
  for (const name of Object.keys(schemas).sort()) sortedSchemas[name] = schemas[name]!;
  const info = (doc.info ?? {}) as JsonObject;
  return {
    source: { spec, sha256, title: text(info.title ?? '', 'info.title'), version: text(info.version ?? '', 'info.version') },
    servers: ((doc.servers as JsonObject[]) ?? []).map((s) => text(s.url, 'servers[].url')),
    operations,
    schemas: sortedSchemas,
  };
}
