/**
 * Every error code Invest raises. One table, so callers can switch on `error.code` and a plugin
 * cannot invent a code the rest of the toolkit does not know.
 */
export const ErrorCode = {
  AUTHENTICATION: 'AUTHENTICATION',
  REAUTH_REQUIRED: 'REAUTH_REQUIRED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  CONNECTION: 'CONNECTION',
  RATE_LIMIT: 'RATE_LIMIT',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  INVALID_ORDER: 'INVALID_ORDER',
  NOT_FOUND: 'NOT_FOUND',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  RISK_LIMIT: 'RISK_LIMIT',
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  PROTOCOL: 'PROTOCOL',
  CONFIG: 'CONFIG',
  UNKNOWN_OUTCOME: 'UNKNOWN_OUTCOME',
  ORDER_STATE: 'ORDER_STATE',
  LOCKED: 'LOCKED',
  BROKER: 'BROKER',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * What became of an order that failed: `denied` (nothing was sent: refused here, or provably never
 * left the machine), `rejected` (the broker refused it), `unknown` (it may exist).
 */
export type OrderOutcomeKind = 'denied' | 'rejected' | 'unknown';
