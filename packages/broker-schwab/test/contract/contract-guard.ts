// Holds the fakes to Schwab's published contract: every request the adapter sends is checked
// (operation, path, query, body, bearer token) and every answer the fake gives must validate
// against the derived facts. A mismatch is a violation; the test that caused it fails (see
// `mockNetwork` in ../fake/network.ts). Shared with @invest/broker-td's tests (same checks over
// TD's facts).
import { readFileSync } from 'node:fs';
import { pathParams } from '../../../../tools/contracts/src/path-params.ts';
import { quietValidator } from '../../../../tools/contracts/src/quiet-validator.ts';
import { contractValidator } from '../../../../tools/contracts/src/validator.ts';

type Validator = ReturnType<typeof contractValidator>;
export type Operation = NonNullable<ReturnType<Validator['match']>>;
type Facts = Parameters<typeof contractValidator>[0];

/**
 * Two readings of the documents' structure that JSON Schema would get wrong, fixed here and only
 * here: `oneOf` with a discriminator (which the facts do not keep) is read as `anyOf`, since
 * branches that differ only by their discriminator value all match an object; and a `required`
 * name with no such property (`AccountsBaseInstrument` requires `name`, which it never defines) is
 * dropped. A `nullable` enum that already lists `null` (`DivFreq`, `QuoteType`, ... in the Market
 * Data document) loses that `null`, since the shared validator adds it for `nullable` and ajv
 * refuses an enum with a value twice.
 */
function readable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(readable);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key === 'oneOf' ? 'anyOf' : key] = readable(value);
  const props = out.properties as Record<string, unknown> | undefined;
  if (Array.isArray(out.required) && props) out.required = (out.required as string[]).filter((name) => name in props);
  if (Array.isArray(out.enum) && out.nullable === true) out.enum = (out.enum as unknown[]).filter((v) => v !== null);
  return out;
}

/**
 * A validator over a committed facts file; `patch` corrects, in the open, a fact the document
 * itself contradicts (TD's date parameters typed as integers, say).
 *
 * @example
 * ```ts
 * const trader = loadContract(new URL('./trader-api.facts.json', import.meta.url))
 * ```
 */
export function loadContract(file: URL, patch: (facts: Facts) => Facts = (facts) => facts): Validator {
  // ajv's notes about formats it does not know are noise here: all of them are dropped.
  return quietValidator(contractValidator(patch(readable(JSON.parse(readFileSync(file, 'utf8'))) as Facts)));
}

export const traderContract: Validator = loadContract(new URL('./trader-api.facts.json', import.meta.url));
export const marketDataContract: Validator = loadContract(new URL('./market-data.facts.json', import.meta.url));

/** Error statuses every operation may answer (429 and 503 are Schwab's throttle and outage answers). */
export const GENERIC_ERROR_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 429, 500, 503]);

/** What an error body must look like, per API (Schwab's `ServiceError`, Market Data's `ErrorResponse`, TD's `{ error }`). */
export type ErrorBodyCheck = (body: unknown) => boolean;

/** Records every way a request or an answer strays from the contract. */
export class ContractGuard {
  readonly violations: string[] = [];

  constructor(private readonly errorBody: ErrorBodyCheck) {}

  /** Checks one request (path relative to the API's base); returns its operation and path parameters. */
  checkRequest(contract: Validator, request: { method: string; path: string; query: URLSearchParams; body: unknown; authorization: string | null }) {
    const where = `${request.method} ${request.path}`;
    const op = contract.match(request.method, request.path);
    if (!op) {
      this.violations.push(`${where}: no such operation in the contract`);
      return undefined;
    }
    if (!/^Bearer \S+$/.test(request.authorization ?? '')) this.violations.push(`${where}: no bearer token`);
    const query: Record<string, string> = {};
    for (const [name, value] of request.query) {
      if (name in query) this.violations.push(`${where}: query ${name} is given twice`);
      query[name] = value;
    }
    const result = contract.checkRequest(op, { query, body: request.body });
    if (!result.ok) this.violations.push(`${where} (${op.operationId}): ${result.errors.join('; ')}`);
    return { op, params: pathParams(op.path, request.path), query };
  }

  /** Checks an answer the fake is about to give. */
  checkResponse(contract: Validator, op: Operation, status: number, body: unknown): void {
    const where = `${op.operationId} -> ${status}`;
    if (status >= 400) {
      if (!(String(status) in op.responses) && !GENERIC_ERROR_STATUSES.has(status)) this.violations.push(`${where}: status not in the contract`);
      if (body !== undefined && !this.errorBody(body)) this.violations.push(`${where}: error body is not the API's error shape`);
      return;
    }
    if (!(String(status) in op.responses)) {
      this.violations.push(`${where}: status not in the contract`);
      return;
    }
    if (op.responses[String(status)] === null) {
      if (body !== undefined) this.violations.push(`${where}: the contract declares no body for this status`);
      return;
    }
    const result = contract.checkResponse(op, status, body);
    if (!result.ok) this.violations.push(`${where}: ${result.errors.join('; ')}`);
  }
}
