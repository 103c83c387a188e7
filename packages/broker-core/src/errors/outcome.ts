import { isBrokerError } from './broker-error.ts';
import { ErrorCode, type OrderOutcomeKind } from './codes.ts';

/** Codes that, coming from the broker, prove it refused the order. */
const REFUSAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.INVALID_ORDER,
  ErrorCode.INSUFFICIENT_FUNDS,
  ErrorCode.PERMISSION_DENIED,
  ErrorCode.AUTHENTICATION,
  ErrorCode.REAUTH_REQUIRED,
  ErrorCode.RATE_LIMIT,
  ErrorCode.NOT_SUPPORTED,
  ErrorCode.RISK_LIMIT,
  ErrorCode.CONFIG,
]);

/**
 * Classifies why an order submission failed: `denied` (refused here, nothing sent), `rejected`
 * (the broker said no) or `unknown` (sent; it may exist). An error that carries no `outcome` and
 * is not a known refusal is `unknown`: a failure we cannot explain is never read as "nothing
 * happened".
 *
 * @example
 * ```ts
 * catch (e) { if (outcomeOf(e) === 'unknown') await resolveByLookup(...) }
 * ```
 */
export function outcomeOf(error: unknown): OrderOutcomeKind {
  if (!isBrokerError(error)) return 'unknown';
  if (error.outcome) return error.outcome;
  return REFUSAL_CODES.has(error.code) ? 'rejected' : 'unknown';
}
