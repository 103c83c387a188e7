// Holds the fake Alpaca to Alpaca's published contract: every request the adapter sends is checked
// (method, path, path parameters, query, body, credential headers) and every answer the fake gives
// (REST bodies and the order objects in stream messages) must validate. A mismatch is recorded as
// a violation; the test that caused it fails (see `mockNetwork` in ../fake/network.ts).
import { readFileSync } from 'node:fs';
import { pathParams } from '../../../../tools/contracts/src/path-params.ts';
import { quietValidator } from '../../../../tools/contracts/src/quiet-validator.ts';
import { contractValidator } from '../../../../tools/contracts/src/validator.ts';

type Validator = ReturnType<typeof contractValidator>;
export type Operation = NonNullable<ReturnType<Validator['match']>>;

/**
 * The shared validator's ajv logs "unknown format \"decimal\" ignored" through console.warn each
 * time it compiles a schema with Alpaca's `format: decimal` (see the package report). The warning is
 * noise, not a finding: it is dropped, and only it.
 */
function load(file: string): Validator {
  return quietValidator(contractValidator(JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'))), /^(decimal|uint32|uint64|double)$/);
}

/** The two committed contracts. */
export const tradingContract: Validator = load('./trading-api.facts.json');
export const marketDataContract: Validator = load('./market-data-api.facts.json');

/**
 * Error statuses an operation may answer although its entry does not list them: the statuses the
 * trading document declares for every endpoint (`components.responses`: 400, 401, 403, 429, 500)
 * plus 404 (unknown id) and 422 (refused input), which Alpaca answers on these endpoints. Their
 * bodies must be Alpaca's `{ code, message }` error shape, which the document does not describe.
 */
export const GENERIC_ERROR_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 422, 429, 500]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Records every way a request or an answer strays from the contract. */
export class ContractGuard {
  readonly violations: string[] = [];

  constructor(private readonly expectedKeys: { keyId: string; secret: string }) {}

  /**
   * Checks one request; returns its operation and path parameters, or undefined (a violation is
   * recorded) when the contract has no such operation.
   */
  checkRequest(
    contract: Validator,
    request: { method: string; url: URL; headers: Headers; body: unknown },
  ): { op: Operation; params: Record<string, string> } | undefined {
    const { method, url } = request;
    const where = `${method} ${url.pathname}`;
    const op = contract.match(method, url.pathname);
    if (!op) {
      this.violations.push(`${where}: no such operation in the contract`);
      return undefined;
    }
    if (request.headers.get('apca-api-key-id') !== this.expectedKeys.keyId || request.headers.get('apca-api-secret-key') !== this.expectedKeys.secret) {
      this.violations.push(`${where}: the APCA-API-KEY-ID / APCA-API-SECRET-KEY headers are missing or wrong`);
    }
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) {
      if (name in query) this.violations.push(`${where}: query ${name} is given twice`);
      query[name] = value;
    }
    const result = contract.checkRequest(op, { query, body: request.body });
    if (!result.ok) this.violations.push(`${where} (${op.operationId}): ${result.errors.join('; ')}`);
    const params = pathParams(op.path, url.pathname);
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      const schema = p.schema as { format?: string } | undefined;
      if (schema?.format === 'uuid' && !UUID.test(params[p.name] ?? '')) this.violations.push(`${where}: path ${p.name} is not a uuid`);
    }
    return { op, params };
  }

  /** Checks an answer the fake is about to give. */
  checkResponse(contract: Validator, op: Operation, status: number, body: unknown): void {
    const where = `${op.operationId} -> ${status}`;
    if (status >= 400) {
      if (!(String(status) in op.responses) && !GENERIC_ERROR_STATUSES.has(status)) this.violations.push(`${where}: status not in the contract`);
      const b = body as { code?: unknown; message?: unknown } | undefined;
      if (body !== undefined && (typeof b?.code !== 'number' || typeof b.message !== 'string')) {
        this.violations.push(`${where}: error body is not Alpaca's { code, message }`);
      }
      return;
    }
    // A status the contract lists without a body (204) must come without one. (The shared
    // validator reads such an entry, `null`, as a missing status; see the package report.)
    if (op.responses[String(status)] === null) {
      if (body !== undefined) this.violations.push(`${where}: the contract declares no body for this status`);
      return;
    }
    const result = contract.checkResponse(op, status, body);
    if (!result.ok) this.violations.push(`${where}: ${result.errors.join('; ')}`);
  }

  /** Checks an order object the fake puts in a stream message (the same Order schema as REST). */
  checkStreamOrder(order: unknown): void {
    const op = tradingContract.match('GET', '/v2/orders/00000000-0000-4000-8000-000000000000');
    if (!op) throw new Error('the trading contract lost getOrderByOrderID');
    const result = tradingContract.checkResponse(op, 200, order);
    if (!result.ok) this.violations.push(`trade_updates order: ${result.errors.join('; ')}`);
  }

  /** Checks a message the adapter sends on the stream against the documented messages. */
  checkStreamMessage(message: unknown): void {
    const m = message as { action?: unknown; data?: Record<string, unknown> } | undefined;
    if (m?.action === 'authenticate') {
      if (typeof m.data?.key_id !== 'string' || typeof m.data.secret_key !== 'string') this.violations.push('stream authenticate: data.key_id / data.secret_key missing');
      return;
    }
    if (m?.action === 'listen') {
      const streams = m.data?.streams;
      if (!Array.isArray(streams) || !streams.every((s) => typeof s === 'string')) this.violations.push('stream listen: data.streams must be a list of names');
      return;
    }
    this.violations.push(`stream: unknown message action ${JSON.stringify(m?.action)}`);
  }
}
