import { BrokerError, BrokerProtocolError, ConnectionError, isBrokerError, outcomeOf } from '@invest/broker-core';

/**
 * A preview that failed without a refusal (timeout, reset, 5xx, unreadable answer) still proves
 * one thing: the place was never sent, so no order exists. Core reads an error with no outcome as
 * `unknown` ("it may exist"); this gives it outcome `denied` (the order never left) and says so,
 * keeping the class, code, status and the error as `cause`. Refusals pass through as they are.
 *
 * @example
 * ```ts
 * try { await preview() } catch (error) { throw nothingPlaced(error) }
 * ```
 */
export function nothingPlaced(error: unknown): unknown {
  if (!isBrokerError(error) || outcomeOf(error) !== 'unknown') return error;
  const options = {
    broker: error.broker,
    retryable: error.retryable,
    outcome: 'denied' as const,
    cause: error,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.brokerCode !== undefined ? { brokerCode: error.brokerCode } : {}),
    ...(error.brokerMessage !== undefined ? { brokerMessage: error.brokerMessage } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
  };
  const message = `${error.message} (at the preview: the order was not placed)`;
  if (error instanceof ConnectionError) return new ConnectionError(message, options);
  if (error instanceof BrokerProtocolError) return new BrokerProtocolError(message, options);
  return new BrokerError(message, options);
}
