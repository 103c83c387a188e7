import { BrokerError, type BrokerErrorOptions } from './broker-error.ts';
import { ErrorCode } from './codes.ts';

/** Credentials missing, wrong or expired. */
export class AuthenticationError extends BrokerError {
  static override readonly kind: string = 'AuthenticationError';
  static override readonly defaultCode: ErrorCode = ErrorCode.AUTHENTICATION;
}

/** The session cannot be renewed any more; the user must log in again (`command` says how). */
export class ReauthRequiredError extends AuthenticationError {
  static override readonly kind: string = 'ReauthRequiredError';
  static override readonly defaultCode: ErrorCode = ErrorCode.REAUTH_REQUIRED;
  /** The command that starts a new login, e.g. `invest auth login schwab`. */
  readonly command?: string;
  constructor(message: string, options: BrokerErrorOptions & { command?: string } = {}) {
    super(message, options);
    if (options.command !== undefined) this.command = options.command;
  }
}

/** Authenticated, but not allowed to do this (HTTP 403 and its equivalents). */
export class PermissionDeniedError extends BrokerError {
  static override readonly kind: string = 'PermissionDeniedError';
  static override readonly defaultCode: ErrorCode = ErrorCode.PERMISSION_DENIED;
}

/** The broker could not be reached, or the connection dropped. */
export class ConnectionError extends BrokerError {
  static override readonly kind: string = 'ConnectionError';
  static override readonly defaultCode: ErrorCode = ErrorCode.CONNECTION;
  static override readonly defaultRetryable: boolean = true;
}

/** Too many requests; `retryAfterMs` says how long to wait where the broker said. */
export class RateLimitError extends BrokerError {
  static override readonly kind: string = 'RateLimitError';
  static override readonly defaultCode: ErrorCode = ErrorCode.RATE_LIMIT;
  static override readonly defaultRetryable: boolean = true;
}

/** Not enough cash or buying power for the order. */
export class InsufficientFundsError extends BrokerError {
  static override readonly kind: string = 'InsufficientFundsError';
  static override readonly defaultCode: ErrorCode = ErrorCode.INSUFFICIENT_FUNDS;
}

/** The order is malformed or breaks a rule; `field` names the offending field where known. */
export class InvalidOrderError extends BrokerError {
  static override readonly kind: string = 'InvalidOrderError';
  static override readonly defaultCode: ErrorCode = ErrorCode.INVALID_ORDER;
  /** Dotted path of the offending field, e.g. `takeProfit.limitPrice`. */
  readonly field?: string;
  constructor(message: string, options: BrokerErrorOptions & { field?: string } = {}) {
    super(message, options);
    if (options.field !== undefined) this.field = options.field;
  }
}

/** The thing asked for (a position, a symbol, an account) does not exist at the broker. */
export class NotFoundError extends BrokerError {
  static override readonly kind: string = 'NotFoundError';
  static override readonly defaultCode: ErrorCode = ErrorCode.NOT_FOUND;
}

/** No order with that id (or client order id) exists at the broker. */
export class OrderNotFoundError extends NotFoundError {
  static override readonly kind: string = 'OrderNotFoundError';
  static override readonly defaultCode: ErrorCode = ErrorCode.ORDER_NOT_FOUND;
}

/** Refused by a risk rule before anything was sent; `rule`, `limit` and `actual` give the numbers. */
export class RiskLimitError extends BrokerError {
  static override readonly kind: string = 'RiskLimitError';
  static override readonly defaultCode: ErrorCode = ErrorCode.RISK_LIMIT;
  readonly rule: string;
  readonly limit?: number;
  readonly actual?: number;
  constructor(message: string, options: BrokerErrorOptions & { rule: string; limit?: number; actual?: number }) {
    super(message, { outcome: 'denied', ...options });
    this.rule = options.rule;
    if (options.limit !== undefined) this.limit = options.limit;
    if (options.actual !== undefined) this.actual = options.actual;
  }
}

/** The broker does not offer this feature (`capability` names it); nothing was sent. */
export class NotSupportedError extends BrokerError {
  static override readonly kind: string = 'NotSupportedError';
  static override readonly defaultCode: ErrorCode = ErrorCode.NOT_SUPPORTED;
  readonly capability?: string;
  constructor(message: string, options: BrokerErrorOptions & { capability?: string } = {}) {
    super(message, { outcome: 'denied', ...options });
    if (options.capability !== undefined) this.capability = options.capability;
  }
}

/** The broker answered something the adapter cannot read (bad JSON, unexpected shape). */
export class BrokerProtocolError extends BrokerError {
  static override readonly kind: string = 'BrokerProtocolError';
  static override readonly defaultCode: ErrorCode = ErrorCode.PROTOCOL;
}

/** Configuration is missing or wrong; `path` names the setting. */
export class ConfigError extends BrokerError {
  static override readonly kind: string = 'ConfigError';
  static override readonly defaultCode: ErrorCode = ErrorCode.CONFIG;
  readonly path?: string;
  constructor(message: string, options: BrokerErrorOptions & { path?: string } = {}) {
    super(message, options);
    if (options.path !== undefined) this.path = options.path;
  }
}

/**
 * An order was sent and no answer can be trusted (timeout, reset, 5xx, unreadable body). The order
 * may exist: look it up by `clientOrderId`; never send it again blindly.
 */
export class UnknownOutcomeError extends BrokerError {
  static override readonly kind: string = 'UnknownOutcomeError';
  static override readonly defaultCode: ErrorCode = ErrorCode.UNKNOWN_OUTCOME;
  readonly clientOrderId: string;
  /**
   * True when every lookup after the lost answer said the broker has no such order: the nearest
   * to proof of absence the broker gives. It stays unknown (a late order may still appear).
   */
  readonly absent: boolean;
  constructor(message: string, options: BrokerErrorOptions & { clientOrderId: string; absent?: boolean }) {
    super(message, { ...options, outcome: 'unknown', retryable: false });
    this.clientOrderId = options.clientOrderId;
    this.absent = options.absent ?? false;
  }
}

/** An order update that the lifecycle cannot accept (filled above quantity, leaving a terminal state). */
export class OrderStateError extends BrokerError {
  static override readonly kind: string = 'OrderStateError';
  static override readonly defaultCode: ErrorCode = ErrorCode.ORDER_STATE;
}

/** A state file is held by another live process and the wait for it ran out; try again. */
export class LockedError extends BrokerError {
  static override readonly kind: string = 'LockedError';
  static override readonly defaultCode: ErrorCode = ErrorCode.LOCKED;
  static override readonly defaultRetryable: boolean = true;
}
