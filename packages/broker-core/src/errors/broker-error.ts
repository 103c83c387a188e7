import { channel } from 'node:diagnostics_channel';
import { ErrorCode, type OrderOutcomeKind } from './codes.ts';

/**
 * Every Invest error is published here when it is created, so tools (and the test suite's secret
 * watch) can inspect every message the toolkit produces, including errors that are caught.
 */
export const ERROR_CHANNEL = 'invest:error';
const errorChannel = channel(ERROR_CHANNEL);

/**
 * Brand carried by every Invest error. `Symbol.for` makes it the same symbol in every copy of
 * this package, so guards and `instanceof` keep working when a dependency tree holds two copies.
 */
const BRAND: unique symbol = Symbol.for('@invest/broker-core/BrokerError') as never;

export interface BrokerErrorOptions {
  /** Type of the broker the error came from (`alpaca`, `sim`...); `invest` for local errors. */
  broker?: string;
  /** Whether the same call may succeed if tried again later. */
  retryable?: boolean;
  /** The broker's own error code, kept verbatim. */
  brokerCode?: string | number;
  /** The broker's own error message, kept verbatim (adapters must not put secrets here). */
  brokerMessage?: string;
  /** Request id the broker returned, for support tickets. */
  requestId?: string;
  /** How long to wait before trying again, where the broker said. */
  retryAfterMs?: number;
  /** For order submissions: refused locally, refused by the broker, or unknown. */
  outcome?: OrderOutcomeKind;
  /** HTTP status, where the error came from an HTTP answer. */
  status?: number;
  cause?: unknown;
}

/** Plain JSON view of an error, safe to log or print with `--json`. */
export interface BrokerErrorJSON {
  name: string;
  code: ErrorCode;
  message: string;
  broker: string;
  retryable: boolean;
  brokerCode?: string | number;
  brokerMessage?: string;
  requestId?: string;
  retryAfterMs?: number;
  outcome?: OrderOutcomeKind;
  status?: number;
}

/**
 * Base of every error Invest raises. Switch on `code`, or use `instanceof` with a subclass.
 *
 * @example
 * ```ts
 * try { await broker.submitOrder(req) } catch (e) {
 *   if (e instanceof RateLimitError) await sleep(e.retryAfterMs ?? 1000)
 * }
 * ```
 */
export class BrokerError extends Error {
  /** The kind names of this class and its ancestors, used by cross-copy `instanceof`. */
  static readonly kind: string = 'BrokerError';
  static readonly defaultCode: ErrorCode = ErrorCode.BROKER;
  static readonly defaultRetryable: boolean = false;

  readonly code: ErrorCode;
  readonly broker: string;
  readonly retryable: boolean;
  readonly brokerCode?: string | number;
  readonly brokerMessage?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly outcome?: OrderOutcomeKind;
  readonly status?: number;
  declare readonly [BRAND]: readonly string[];

  constructor(message: string, options: BrokerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target;
    this.name = ctor.kind;
    this.code = ctor.defaultCode;
    this.broker = options.broker ?? 'invest';
    this.retryable = options.retryable ?? ctor.defaultRetryable;
    if (options.brokerCode !== undefined) this.brokerCode = options.brokerCode;
    if (options.brokerMessage !== undefined) this.brokerMessage = options.brokerMessage;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.outcome !== undefined) this.outcome = options.outcome;
    if (options.status !== undefined) this.status = options.status;
    const kinds: string[] = [];
    for (let c: unknown = ctor; typeof c === 'function' && 'kind' in c; c = Object.getPrototypeOf(c)) {
      kinds.push((c as typeof BrokerError).kind);
    }
    Object.defineProperty(this, BRAND, { value: Object.freeze(kinds), enumerable: false });
    if (errorChannel.hasSubscribers) errorChannel.publish(this);
  }

  /** Cross-copy `instanceof`: true for any branded error whose class chain includes this kind. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return isBranded(value) && value[BRAND].includes(this.kind);
  }

  toJSON(): BrokerErrorJSON {
    const json: BrokerErrorJSON = {
      name: this.name,
      code: this.code,
      message: this.message,
      broker: this.broker,
      retryable: this.retryable,
    };
    if (this.brokerCode !== undefined) json.brokerCode = this.brokerCode;
    if (this.brokerMessage !== undefined) json.brokerMessage = this.brokerMessage;
    if (this.requestId !== undefined) json.requestId = this.requestId;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    if (this.outcome !== undefined) json.outcome = this.outcome;
    if (this.status !== undefined) json.status = this.status;
    return json;
  }
}

function isBranded(value: unknown): value is { [BRAND]: readonly string[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as Record<symbol, unknown>)[BRAND]);
}

/**
 * True for any Invest error, including one thrown by another copy of this package.
 *
 * @example
 * ```ts
 * if (isBrokerError(e) && e.retryable) retry()
 * ```
 */
export function isBrokerError(value: unknown): value is BrokerError {
  return isBranded(value);
}

/**
 * True for an Invest error with the given code.
 *
 * @example
 * ```ts
 * if (hasErrorCode(e, ErrorCode.RATE_LIMIT)) ...
 * ```
 */
export function hasErrorCode<C extends ErrorCode>(value: unknown, code: C): value is BrokerError & { code: C } {
  return isBrokerError(value) && value.code === code;
}
