import type { z } from 'zod';
import { ConfigError, InvalidOrderError } from '../errors/subclasses.ts';
import { clientOrderIdProblem, DEFAULT_CLIENT_ORDER_ID_RULES, generateClientOrderId, type ClientOrderIdRules } from '../client-order-id.ts';
import { OrderRequestSchema, type OrderRequest } from './order-request.ts';
import { readPlainOrderRequest } from './plain-request.ts';
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

export interface ParseOrderOptions {
  /** Broker type, for the error. */
  broker?: string;
  /** The broker's client order id rules; a missing id is generated to fit them. */
  clientOrderId?: ClientOrderIdRules;
  /** Makes the id for a request that has none (default: `generateClientOrderId(rules)`, random). */
  generateId?: () => string;
}

/**
 * Parses and validates an order request at the edge. Returns a request with defaults applied and
 * a `clientOrderId` that fits the broker's rules; throws `InvalidOrderError` (outcome `denied`,
 * `field` set) naming the field and what is wrong with its value. Nothing else is ever thrown.
 *
 * @example
 * ```ts
 * const req = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 10, type: 'limit', limitPrice: 180 })
 * req.timeInForce // 'day'
 * ```
 */
export function parseOrderRequest(input: unknown, options: ParseOrderOptions = {}): OrderRequest {
  let result: ReturnType<typeof OrderRequestSchema.safeParse>;
  try {
    // The everyday request is read with plain checks (the schema's result, a fraction of its
    // cost); anything else, and every refusal, is the schema's.
    const plain = readPlainOrderRequest(input);
    result = plain !== undefined ? { success: true, data: plain as z.output<typeof OrderRequestSchema> } : OrderRequestSchema.safeParse(input, { reportInput: true });
  } catch (cause) {
    // A hostile input (a throwing getter, a revoked proxy) must still end as a typed error.
    throw new InvalidOrderError('Invalid order: (root): could not be read as an order', {
      field: '(root)', broker: options.broker, outcome: 'denied', cause,
    });
  }
  if (!result.success) {
    const issues = formatIssues(result.error);
    const first = issues[0] ?? { field: '(root)', message: 'is not a valid order' };
    const rest = issues.length > 1 ? ` (and ${issues.length - 1} more: ${issues.slice(1).map((i) => `${i.field} ${i.message}`).join('; ')})` : '';
    throw new InvalidOrderError(`Invalid order: ${first.field}: ${first.message}${rest}`, {
      field: first.field, broker: options.broker, outcome: 'denied', cause: result.error,
    });
  }
  const req = result.data;
  if (req.clientOrderId === undefined) {
    return { ...req, clientOrderId: options.generateId?.() ?? generateClientOrderId(options.clientOrderId ?? DEFAULT_CLIENT_ORDER_ID_RULES) };
  }
  // A given id is checked against the broker's rules when known; the schema's own rule otherwise.
  const problem = options.clientOrderId && clientOrderIdProblem(req.clientOrderId, options.clientOrderId);
  if (problem) {
    throw new InvalidOrderError(`Invalid order: clientOrderId: ${problem}`, {
      field: 'clientOrderId', broker: options.broker, outcome: 'denied',
    });
  }
  return req as OrderRequest;
}

/**
 * Parses a configuration object with a plugin's (or any) schema; throws `ConfigError` whose
 * message gives each bad field's path.
 *
 * @example
 * ```ts
 * const cfg = parseConfig(plugin.configSchema, raw, 'brokers.main')
 * ```
 */
export function parseConfig<T>(schema: z.ZodType<T, unknown>, input: unknown, where = 'config', broker?: string): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  // A setting whose name looks secret never has its value described; the ZodError itself is not
  // kept as `cause` because its text carries inputs.
  const issues = formatIssues(result.error).map((i) =>
    SECRET_NAME.test(i.field) && i.hasInput ? { ...i, message: 'is not valid (value hidden)' } : i,
  );
  const prefix = (field: string): string => (field === '(root)' ? where : `${where}.${field}`);
  const first = issues[0] ?? { field: '(root)', message: 'is not valid' };
  const text = issues.map((i) => `${prefix(i.field)}: ${i.message}`).join('; ');
  throw new ConfigError(`Invalid config: ${text}`, { path: prefix(first.field), broker });
}
