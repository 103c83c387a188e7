import {
  BrokerError,
  ConfigError,
  ConnectionError,
  InsufficientFundsError,
  InvalidOrderError,
  NotFoundError,
  OrderNotFoundError,
  OrderStateError,
  PermissionDeniedError,
  RateLimitError,
  BrokerProtocolError,
  type OrderOutcomeKind,
} from '@invest/broker-core';

/** What an IB message code means to the adapter. `info` and `notice` codes are never errors. */
export type IbErrorKind =
  | 'info'
  | 'notice'
  | 'canceled'
  | 'invalid_order'
  | 'rejected'
  | 'insufficient_funds'
  | 'duplicate_order_id'
  | 'not_found'
  | 'order_not_found'
  | 'order_state'
  | 'rate_limit'
  | 'permission'
  | 'no_market_data'
  | 'delayed_available'
  | 'connection'
  | 'client_id_in_use'
  | 'protocol';

/**
 * IB's message codes, by table (https://www.interactivebrokers.com/campus/ibkr-api-page/tws-api-error-codes/).
 * Codes 2100-2199 (farm connections, account update subscriptions) and the ranges in
 * `IBKR_INFO_RANGES` are informational.
 */
export const IBKR_ERROR_CODES: Readonly<Record<number, IbErrorKind>> = {
  100: 'rate_limit', // Max rate of messages per second has been exceeded.
  102: 'protocol', // Duplicate ticker ID.
  103: 'duplicate_order_id',
  104: 'order_state', // Can't modify a filled order.
  105: 'invalid_order', // Order being modified does not match original order.
  110: 'invalid_order', // The price does not conform to the minimum price variation.
  135: 'order_not_found', // Can't find order with ID.
  161: 'order_state', // Cancel attempted when order is not in a cancellable state.
  200: 'not_found', // No security definition has been found for the request.
  201: 'rejected', // Order rejected - reason: ...
  202: 'canceled', // Order canceled (the answer to a cancel).
  203: 'permission', // The security is not available or allowed for this account.
  320: 'protocol', // Error reading request.
  321: 'invalid_order', // Error validating request.
  322: 'protocol', // Error processing request.
  326: 'client_id_in_use',
  354: 'no_market_data', // Requested market data is not subscribed.
  399: 'notice', // Order message (a warning; the order goes on).
  404: 'notice', // Shares for this order are not immediately available for short sale (held, not refused).
  434: 'invalid_order', // The order size cannot be zero.
  460: 'permission', // No trading permissions.
  502: 'connection', // Couldn't connect to TWS.
  504: 'connection', // Not connected.
  507: 'connection', // Bad message length.
  1100: 'connection', // Connectivity between IB and TWS has been lost.
  1101: 'info', // Connectivity restored, data lost.
  1102: 'info', // Connectivity restored, data maintained.
  1300: 'info', // Socket port has been reset.
  10089: 'delayed_available', // Requires additional subscription for API; delayed data is available.
  10090: 'delayed_available', // Part of requested market data is not subscribed.
  10147: 'order_not_found', // OrderId that needs to be cancelled is not found.
  10148: 'order_state', // OrderId that needs to be cancelled cannot be cancelled.
  10149: 'order_not_found', // Invalid order id.
  10167: 'info', // Displaying delayed market data.
  10168: 'no_market_data', // Market data is not subscribed and delayed data is not enabled.
};

/** Code ranges that are informational as a whole. */
export const IBKR_INFO_RANGES: readonly (readonly [number, number])[] = [[2100, 2199]];

/** Text patterns of code 201 (order rejected) that say more than the code, checked in order. */
const REJECT_TEXT: readonly (readonly [RegExp, IbErrorKind])[] = [
  [/insufficient|margin|equity with loan|buying power/i, 'insufficient_funds'],
  [/permission|not allowed|not available for trading/i, 'permission'],
];

/**
 * How the adapter reads an IB code: exact code, then informational ranges, then, for rejections,
 * the text. Unknown codes are `rejected` for an order and `protocol` otherwise.
 *
 * @example
 * ```ts
 * ibkrErrorKind(2104, 'Market data farm connection is OK') // 'info'
 * ibkrErrorKind(201, 'Order rejected - reason: insufficient equity') // 'insufficient_funds'
 * ```
 */
export function ibkrErrorKind(code: number, text: string, forOrder = false): IbErrorKind {
  const exact = IBKR_ERROR_CODES[code];
  if (exact === 'rejected') return REJECT_TEXT.find(([re]) => re.test(text))?.[1] ?? 'rejected';
  if (exact !== undefined) return exact;
  if (IBKR_INFO_RANGES.some(([low, high]) => code >= low && code <= high)) return 'info';
  return forOrder ? 'rejected' : 'protocol';
}

/**
 * True for codes that are never errors (farm status, delayed-data notices, order warnings).
 *
 * @example
 * ```ts
 * isIbkrNotice(2158) // true
 * ```
 */
export function isIbkrNotice(code: number): boolean {
  const kind = ibkrErrorKind(code, '');
  return kind === 'info' || kind === 'notice';
}

/** Where an IB error came from, for the message. */
export interface IbErrorContext {
  /** What was being done: `order 12`, `positions`, `quote AAPL`. */
  what: string;
  /** It answered an order submission (outcome `rejected` for refusals). */
  forOrder?: boolean;
}

/**
 * The core error for an IB code, keeping IB's code and text; undefined for informational codes.
 *
 * @example
 * ```ts
 * ibkrError(201, 'Order rejected - reason: ...', { what: 'order 7', forOrder: true }) // InvalidOrderError, outcome rejected
 * ```
 */
export function ibkrError(code: number, text: string, context: IbErrorContext): BrokerError | undefined {
  const kind = ibkrErrorKind(code, text, context.forOrder);
  const message = `ibkr: ${context.what}: ${text} (IB ${code})`;
  const outcome: OrderOutcomeKind | undefined = context.forOrder ? 'rejected' : undefined;
  const base = { broker: 'ibkr', brokerCode: code, brokerMessage: text, ...(outcome ? { outcome } : {}) };
  switch (kind) {
    case 'info':
    case 'notice':
    case 'canceled':
      return undefined;
    case 'invalid_order':
    case 'rejected':
    case 'duplicate_order_id':
      return new InvalidOrderError(message, { ...base, outcome: 'rejected' });
    case 'insufficient_funds':
      return new InsufficientFundsError(message, { ...base, outcome: 'rejected' });
    case 'permission':
      return new PermissionDeniedError(message, base);
    case 'no_market_data':
    case 'delayed_available':
      return new PermissionDeniedError(`ibkr: ${context.what}: no market data subscription for it (IB ${code}: ${text})`, base);
    case 'not_found':
      return new NotFoundError(message, base);
    case 'order_not_found':
      return new OrderNotFoundError(message, base);
    case 'order_state':
      return new OrderStateError(message, base);
    case 'rate_limit':
      return new RateLimitError(message, { ...base, retryable: true, retryAfterMs: 1_000 });
    case 'client_id_in_use':
      return new ConfigError(`ibkr: client id in use: another API client is connected to this TWS with the same clientId; give this one its own (IB ${code})`, { ...base, path: 'clientId' });
    case 'connection':
      return new ConnectionError(message, { ...base, retryable: true, ...(context.forOrder ? { outcome: 'unknown' } : {}) });
    case 'protocol':
      return new BrokerProtocolError(message, base);
  }
}
