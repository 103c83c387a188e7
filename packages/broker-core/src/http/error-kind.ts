import { BrokerError, type BrokerErrorOptions } from '../errors/broker-error.ts';
import {
  AuthenticationError,
  BrokerProtocolError,
  ConnectionError,
  InsufficientFundsError,
  InvalidOrderError,
  OrderNotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ReauthRequiredError,
} from '../errors/subclasses.ts';

/**
 * What a broker's error answer means, independent of the broker. Error maps name kinds; one
 * table turns a kind into a core error class.
 */
export type ErrorKind =
  | 'authentication'
  | 'reauth_required'
  | 'permission'
  | 'rate_limit'
  | 'insufficient_funds'
  | 'invalid_order'
  | 'not_found'
  | 'connection'
  | 'protocol'
  | 'broker';

type ErrorClass = new (message: string, options: BrokerErrorOptions) => BrokerError;

interface KindEntry {
  readonly error: ErrorClass;
  /** What happened, in plain words, for the start of the message. */
  readonly words: string;
  /** `server-error`: retryable when the HTTP status is 5xx (the broker may recover). */
  readonly retryable: boolean | 'server-error';
}

/** The one table from kind to core error class. */
export const ERROR_KINDS: Readonly<Record<ErrorKind, KindEntry>> = {
  authentication: { error: AuthenticationError, words: 'the credentials were not accepted', retryable: false },
  reauth_required: { error: ReauthRequiredError, words: 'the session has expired; log in again', retryable: false },
  permission: { error: PermissionDeniedError, words: 'the account is not allowed to do this', retryable: false },
  rate_limit: { error: RateLimitError, words: 'too many requests', retryable: true },
  insufficient_funds: { error: InsufficientFundsError, words: 'not enough cash or buying power', retryable: false },
  invalid_order: { error: InvalidOrderError, words: 'the request was refused as invalid', retryable: false },
  not_found: { error: OrderNotFoundError, words: 'not found', retryable: false },
  connection: { error: ConnectionError, words: 'the connection to the broker failed or timed out', retryable: true },
  protocol: { error: BrokerProtocolError, words: 'the broker answered something that cannot be read', retryable: false },
  broker: { error: BrokerError, words: 'the broker reported an error', retryable: 'server-error' },
};

/**
 * Whether an error of this kind, from an answer with this status, may succeed if tried again.
 *
 * @example
 * ```ts
 * isRetryableKind('broker', 503) // true
 * isRetryableKind('invalid_order', 422) // false
 * ```
 */
export function isRetryableKind(kind: ErrorKind, status: number): boolean {
  const rule = ERROR_KINDS[kind].retryable;
  return rule === 'server-error' ? status >= 500 : rule;
}

/**
 * Builds the core error for a kind.
 *
 * @example
 * ```ts
 * const e = createKindError('rate_limit', 'alpaca: too many requests', { broker: 'alpaca', retryAfterMs: 2000 })
 * e instanceof RateLimitError // true
 * ```
 */
export function createKindError(kind: ErrorKind, message: string, options: BrokerErrorOptions): BrokerError {
  return new ERROR_KINDS[kind].error(message, options);
}
