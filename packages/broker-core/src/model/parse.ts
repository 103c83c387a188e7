import type { z } from 'zod';
import { ConfigError, InvalidOrderError } from '../errors/subclasses.ts';
import { clientOrderIdProblem, DEFAULT_CLIENT_ORDER_ID_RULES, generateClientOrderId, type ClientOrderIdRules } from '../client-order-id.ts';
import { OrderRequestSchema, type OrderRequest, type ParsedOrderRequest } from './order-request.ts';
import { describe } from './primitives.ts';

/** `a.b[0].c` from a zod path; `(root)` for the object itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('');
}

/** One line per issue, `field: what is wrong`. Unrecognized keys are named one by one. */
export function formatIssues(error: z.ZodError): { field: string; message: string; hasInput: boolean }[] {
  const out: { field: string; message: string; hasInput: boolean }[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: formatPath([...issue.path, key]), message: 'is not a known field', hasInput: false });
    } else if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
      out.push({
        field: formatPath(issue.path),
        message: issue.input === undefined ? 'is required' : `must be ${issue.expected}, got ${describe(issue.input)}`,
        hasInput: issue.input !== undefined,
      });
    } else if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
      const values = issue.values.map((v) => JSON.stringify(v)).join(', ');
      out.push({
        field: formatPath(issue.path),
        message: issue.input === undefined ? `is required (one of ${values})` : `must be one of ${values}, got ${describe(issue.input)}`,
        hasInput: issue.input !== undefined,
      });
    } else {
      out.push({ field: formatPath(issue.path), message: issue.message, hasInput: issue.input !== undefined });
    }
  }
  return out;
}

const SECRET_NAME = /secret|token|password|passphrase|key|credential|auth/i;

/** What a failed parse becomes: a caller's input (denied order), or a configuration. */
export type ParseKind = 'input' | 'config';

export interface ParseInputOptions {
  /** Broker type or instance, for the error. */
  broker?: string;
  /**
   * `input` (default): `InvalidOrderError`, outcome denied, `Invalid <what>: field: problem`.
   * `config`: `ConfigError` whose path is `<what>.field`; values of secret-looking fields are hidden.
   */
  kind?: ParseKind;
  /** The name a bare value goes by (`symbol`): its problems are reported under it, not `(root)`. */
  field?: string;
}

/**
 * The one way a zod schema's verdict becomes a typed error: parses `input` with `schema` and
 * returns the result, or throws `InvalidOrderError` / `ConfigError` naming the field and what is
 * wrong with its value. A schema or input that throws while being read (a hostile getter) ends as
 * the same typed error. Answers from brokers go through `parseResponseBody` (a
 * `BrokerProtocolError` that never quotes the body).
 *
 * @example
 * ```ts
 * const filter = parseInput(OrderFilterSchema, raw ?? {}, 'order filter', { broker: 'alpaca' })
 * const settings = parseInput(plugin.configSchema, raw, 'brokers.main', { kind: 'config' })
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string, options: ParseInputOptions = {}): z.output<S> {
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(input, { reportInput: true });
  } catch (cause) {
    throw failure(what, options, [{ field: '(root)', message: `could not be read as ${what === 'order' ? 'an order' : `${what}`}`, hasInput: false }], cause);
  }
  if (result.success) return result.data;
  const issues = formatIssues(result.error).map((i) => (options.field !== undefined && i.field === '(root)' ? { ...i, field: options.field } : i));
  throw failure(what, options, issues, options.kind === 'config' ? undefined : result.error);
}

function failure(what: string, options: ParseInputOptions, found: ReturnType<typeof formatIssues>, cause: unknown): Error {
  if (options.kind === 'config') {
    // A setting whose name looks secret never has its value described; the ZodError is not kept
    // as `cause` because its text carries inputs.
    const issues = found.map((i) => (SECRET_NAME.test(i.field) && i.hasInput ? { ...i, message: 'is not valid (value hidden)' } : i));
    const prefix = (field: string): string => (field === '(root)' ? what : `${what}.${field}`);
    const first = issues[0] ?? { field: '(root)', message: 'is not valid' };
    const text = issues.map((i) => `${prefix(i.field)}: ${i.message}`).join('; ');
    return new ConfigError(`Invalid config: ${text}`, { path: prefix(first.field), broker: options.broker });
  }
  const issues = found;
  const first = issues[0] ?? { field: '(root)', message: 'is not valid' };
  const rest = issues.length > 1 ? ` (and ${issues.length - 1} more: ${issues.slice(1).map((i) => `${i.field} ${i.message}`).join('; ')})` : '';
  return new InvalidOrderError(`Invalid ${what}: ${first.field}: ${first.message}${rest}`, {
    field: first.field, broker: options.broker, outcome: 'denied', cause,
  });
}

/** Requests made by `parseOrderRequest` / `deriveOrderRequest`: trusted, frozen, never parsed again. */
const parsed = new WeakSet<object>();

function brand(req: OrderRequest): ParsedOrderRequest {
  if (req.takeProfit) Object.freeze(req.takeProfit);
  if (req.stopLoss) Object.freeze(req.stopLoss);
  Object.freeze(req);
  parsed.add(req);
  return req as ParsedOrderRequest;
}

/**
 * True for a request that came out of `parseOrderRequest` or `deriveOrderRequest` (in any
 * package: the mark is kept by the one broker-core module graph).
 *
 * @example
 * ```ts
 * isParsedOrderRequest(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1 })) // true
 * isParsedOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1 }) // false
 * ```
 */
export function isParsedOrderRequest(value: unknown): value is ParsedOrderRequest {
  return typeof value === 'object' && value !== null && parsed.has(value);
}

export interface ParseOrderOptions {
  /** Broker type, for the error. */
  broker?: string;
  /** The broker's client order id rules; a missing id is generated to fit them, a given one is checked. */
  clientOrderId?: ClientOrderIdRules;
  /** Makes the id for a request that has none (default: `generateClientOrderId(rules)`, random). */
  generateId?: () => string;
}

/**
 * Parses and validates an order request at the edge: the one place the order schema runs.
 * Returns a frozen `ParsedOrderRequest` with defaults applied and a `clientOrderId` that fits the
 * broker's rules; throws `InvalidOrderError` (outcome `denied`, `field` set) naming the field and
 * what is wrong with its value. Given a request it already parsed, it returns that request at
 * once (checking only its client order id against `options.clientOrderId`), so every layer may
 * call it and the schema still runs once per order.
 *
 * @example
 * ```ts
 * const req = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 10, type: 'limit', limitPrice: 180 })
 * req.timeInForce // 'day'
 * parseOrderRequest(req) === req // true
 * ```
 */
export function parseOrderRequest(input: unknown, options: ParseOrderOptions = {}): ParsedOrderRequest {
  if (isParsedOrderRequest(input)) {
    checkClientOrderId(input.clientOrderId, options);
    return input;
  }
  const req = parseInput(OrderRequestSchema, input, 'order', { broker: options.broker });
  if (req.clientOrderId === undefined) {
    return brand({ ...req, clientOrderId: options.generateId?.() ?? generateClientOrderId(options.clientOrderId ?? DEFAULT_CLIENT_ORDER_ID_RULES) });
  }
  checkClientOrderId(req.clientOrderId, options);
  return brand(req as OrderRequest);
}

/** A given id is checked against the broker's rules when known; the schema's own rule otherwise. */
function checkClientOrderId(id: string, options: ParseOrderOptions): void {
  const problem = options.clientOrderId && clientOrderIdProblem(id, options.clientOrderId);
  if (problem) {
    throw new InvalidOrderError(`Invalid order: clientOrderId: ${problem}`, { field: 'clientOrderId', broker: options.broker, outcome: 'denied' });
  }
}

/** What `deriveOrderRequest` may change on a parsed request. */
export interface OrderRequestChanges {
  /** The new size, in the unit the request already uses (shares, or money for a notional order). */
  size?: number;
  clientOrderId?: string;
}

/**
 * A leg of an order already parsed: the same request with another size and/or client order id,
 * trusted without running the schema again (a distributed order is parsed once, not once per
 * leg). Only the changed values are checked: the size must be a positive finite number, the id
 * must fit `rules`.
 *
 * @example
 * ```ts
 * const whole = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 30 })
 * const leg = deriveOrderRequest(whole, { size: 10, clientOrderId: generateClientOrderId() })
 * ```
 */
export function deriveOrderRequest(req: ParsedOrderRequest, changes: OrderRequestChanges, rules?: ClientOrderIdRules): ParsedOrderRequest {
  // Given an unparsed object (JavaScript callers), the whole of it is parsed first: only a parsed
  // request's unchanged fields are trusted.
  const base = parseOrderRequest(req);
  const next: OrderRequest = { ...base, ...sizeOf(base, changes) };
  if (changes.size !== undefined && !(typeof changes.size === 'number' && Number.isFinite(changes.size) && changes.size > 0)) {
    const field = base.notional !== undefined ? 'notional' : 'quantity';
    throw new InvalidOrderError(`Invalid order: ${field}: must be greater than 0, got ${describe(changes.size)}`, { field, outcome: 'denied' });
  }
  if (changes.clientOrderId !== undefined) {
    next.clientOrderId = changes.clientOrderId;
    checkClientOrderId(changes.clientOrderId, { clientOrderId: rules ?? DEFAULT_CLIENT_ORDER_ID_RULES });
  }
  return brand(next);
}

function sizeOf(req: OrderRequest, changes: OrderRequestChanges): Partial<OrderRequest> {
  if (changes.size === undefined) return {};
  return req.notional !== undefined ? { notional: changes.size } : { quantity: changes.size };
}

/**
 * Parses a configuration object with a plugin's (or any) schema; throws `ConfigError` whose
 * message gives each bad field's path (`parseInput` with `kind: 'config'`).
 *
 * @example
 * ```ts
 * const cfg = parseConfig(plugin.configSchema, raw, 'brokers.main')
 * ```
 */
export function parseConfig<T>(schema: z.ZodType<T, unknown>, input: unknown, where = 'config', broker?: string): T {
  return parseInput(schema, input, where, { kind: 'config', ...(broker !== undefined ? { broker } : {}) });
}
