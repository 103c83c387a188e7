import { ErrorCode, isBrokerError, type ErrorCode as Code } from '@invest/broker-core';

/** The exit codes `invest` uses (also listed in the README). */
export const EXIT = {
  OK: 0,
  /** Something unexpected: a bug, or an error that is not one of Invest's. */
  FAILURE: 1,
  /** Bad arguments or bad order input; nothing was sent. */
  USAGE: 2,
  /** Missing or invalid configuration. */
  CONFIG: 3,
  /** Credentials missing, wrong or expired; or a login is needed. */
  AUTH: 4,
  /** Refused by a risk limit; nothing was sent. */
  RISK: 5,
  /** The broker refused, failed, or could not be reached. */
  BROKER: 6,
  /** An order was sent and its outcome is unknown: look it up before doing anything else. */
  UNKNOWN_OUTCOME: 7,
  /** A multi-broker operation partly failed (some legs or brokers did not succeed). */
  PARTIAL: 8,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_CODE: Partial<Record<Code, ExitCode>> = {
  [ErrorCode.CONFIG]: EXIT.CONFIG,
  [ErrorCode.AUTHENTICATION]: EXIT.AUTH,
  [ErrorCode.REAUTH_REQUIRED]: EXIT.AUTH,
  [ErrorCode.PERMISSION_DENIED]: EXIT.AUTH,
  [ErrorCode.RISK_LIMIT]: EXIT.RISK,
  [ErrorCode.UNKNOWN_OUTCOME]: EXIT.UNKNOWN_OUTCOME,
};

/**
 * The exit code for an error: input refused locally is a usage error; the rest by error code,
 * anything else from a broker is a broker error, and what is not an Invest error is a failure.
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (!isBrokerError(error)) return EXIT.FAILURE;
  if (error.code === ErrorCode.INVALID_ORDER && error.outcome === 'denied') return EXIT.USAGE;
  if (error.code === ErrorCode.NOT_SUPPORTED && error.outcome === 'denied') return EXIT.USAGE;
  return BY_CODE[error.code] ?? EXIT.BROKER;
}
