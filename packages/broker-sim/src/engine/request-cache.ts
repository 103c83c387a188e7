import { types } from 'node:util';
import { clientOrderIdProblem, parseOrderRequest, type ClientOrderIdRules, type OrderRequest } from '@invest/broker-core';

/** The fields of an order request, in the schema's order (what the core's parser reads). */
const FIELDS = [
  'symbol', 'side', 'quantity', 'notional', 'type', 'timeInForce', 'limitPrice', 'stopPrice', 'trailPrice', 'trailPercent',
  'extendedHours', 'clientOrderId', 'orderClass', 'takeProfit', 'stopLoss',
] as const;
const KNOWN = new Set<string>(FIELDS);

/** Entries kept before the cache starts again (a backtest repeats a few shapes; a bound keeps memory flat). */
const MAX_ENTRIES = 4096;

/**
 * `parseOrderRequest` for a broker whose options never change, remembering what it returned for
 * inputs it has already accepted. The schema's result depends only on the values it reads, so an
 * input whose fields are all primitives (string, number, boolean, undefined) is keyed by those
 * values (by field, type-tagged, `-0` kept apart from `0`), and an input seen before gets the same (frozen)
 * request without running the schema again. The client order id rule check, which reads the
 * broker's (mutable) rules, runs on every call as the core's parser runs it. Anything else (legs,
 * unknown fields, odd objects, a refused request) goes through the core's parser every time, so
 * errors are exactly the core's.
 *
 * @example
 * ```ts
 * const parse = new RequestCache('sim', () => caps.clientOrderId)
 * parse.parse({ symbol: 'aapl', side: 'buy', quantity: 1, clientOrderId: 'x-1' }).symbol // 'AAPL'
 * ```
 */
export class RequestCache {
  readonly #broker: string;
  readonly #rules: () => ClientOrderIdRules;
  readonly #seen = new Map<string, OrderRequest>();

  constructor(broker: string, rules: () => ClientOrderIdRules) {
    this.#broker = broker;
    this.#rules = rules;
  }

  parse(input: unknown): OrderRequest {
    const rules = this.#rules();
    const key = keyOf(input);
    if (key !== undefined) {
      const hit = this.#seen.get(key);
      if (hit !== undefined && !clientOrderIdProblem(hit.clientOrderId, rules)) return hit;
    }
    const req = parseOrderRequest(input, { broker: this.#broker, clientOrderId: rules });
    // A request without a client order id gets a random one from the parser: never reuse that.
    if (key !== undefined && typeof (input as { clientOrderId?: unknown }).clientOrderId === 'string' && plainData(input as object)) {
      if (this.#seen.size >= MAX_ENTRIES) this.#seen.clear();
      this.#seen.set(key, Object.freeze({ ...req }));
    }
    return req;
  }
}

/**
 * True when reading the request's fields cannot run code or give different answers: no proxy, and
 * every field is an own data property or absent (not inherited). Checked before a result is kept.
 */
function plainData(input: object): boolean {
  try {
    if (types.isProxy(input)) return false;
    for (const field of FIELDS) {
      const d = Object.getOwnPropertyDescriptor(input, field);
      if (d === undefined ? field in input : !('value' in d)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The values of a plain request with primitive fields only, as one string; undefined for anything else. */
function keyOf(input: unknown): string | undefined {
  try {
    if (typeof input !== 'object' || input === null) return undefined;
    const proto = Object.getPrototypeOf(input);
    if (proto !== Object.prototype && proto !== null) return undefined;
    // The strict schema refuses unknown keys (it looks with for-in): leave those to it.
    for (const k in input) if (!KNOWN.has(k)) return undefined;
    const record = input as Record<string, unknown>;
    // Field number, then the value tagged by type; strings carry their length, so no value can
    // run into the next field.
    let key = '';
    for (let i = 0; i < FIELDS.length; i++) {
      const v = record[FIELDS[i] as string];
      switch (typeof v) {
        case 'undefined':
          break;
        case 'string':
          key += `${i}s${v.length}:${v}`;
          break;
        case 'number':
          key += Object.is(v, -0) ? `${i}n-0;` : `${i}n${v};`;
          break;
        case 'boolean':
          key += v ? `${i}t` : `${i}f`;
          break;
        default:
          return undefined;
      }
    }
    return key;
  } catch {
    // A throwing getter or a proxy: the core's parser turns it into its typed error.
    return undefined;
  }
}
