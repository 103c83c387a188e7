import { BrokerError } from '../errors/broker-error.ts';
import { ConnectionError, UnknownOutcomeError } from '../errors/subclasses.ts';
import type { HttpCall } from './http-call.ts';
import type { TransportFailure } from './transport-failure.ts';

/** What an HTTP error answer to an order submission proves. */
export type OrderAnswerOutcome = 'rejected' | 'unknown';

interface OrderAnswerRule {
  readonly when: (status: number) => boolean;
  readonly outcome: OrderAnswerOutcome;
  /** Why, for readers of this table. */
  readonly why: string;
}

/**
 * First matching rule wins. A 4xx is the broker's refusal whatever its body says (an empty 403 or
 * 422 refused the order as surely as one with a message); anything else may have been accepted
 * and stays `unknown`, to be settled by a lookup. Reporting an accepted order as rejected is how
 * duplicates and untracked positions happen, so a doubt falls on the `unknown` side.
 */
export const ORDER_ANSWER_RULES: readonly OrderAnswerRule[] = [
  { when: (s) => s === 429, outcome: 'rejected', why: 'rate limited: refused before it was processed' },
  { when: (s) => s === 408, outcome: 'unknown', why: 'the server gave up reading it; part may have been acted on' },
  { when: (s) => s >= 400 && s < 500, outcome: 'rejected', why: 'the broker refused it, with or without a readable body' },
  { when: () => true, outcome: 'unknown', why: '5xx, redirects and anything else say nothing about the order' },
];

/**
 * Whether an HTTP error answer to an order proves the broker refused it.
 *
 * @example
 * ```ts
 * orderAnswerOutcome(422) // 'rejected'
 * orderAnswerOutcome(503) // 'unknown'
 * ```
 */
export function orderAnswerOutcome(status: number): OrderAnswerOutcome {
  return ORDER_ANSWER_RULES.find((rule) => rule.when(status))!.outcome;
}

/**
 * The error for an order whose fate is not known: look it up by client order id before sending
 * it again. Keeps what the broker said (`from`) where there was an answer.
 *
 * @example
 * ```ts
 * throw unknownOrderOutcome('alpaca', call, 'c-1', 'the broker answered HTTP 503', cause, mapped)
 * ```
 */
export function unknownOrderOutcome(
  broker: string,
  call: HttpCall,
  clientOrderId: string,
  reason: string,
  cause: unknown,
  from?: BrokerError,
): UnknownOutcomeError {
  return new UnknownOutcomeError(
    `${broker}: order ${clientOrderId} may have been placed: ${reason} (${call.what}); look it up by client order id before sending it again`,
    {
      broker,
      clientOrderId,
      cause,
      ...(from?.status !== undefined ? { status: from.status } : {}),
      ...(from?.brokerCode !== undefined ? { brokerCode: from.brokerCode } : {}),
      ...(from?.brokerMessage !== undefined ? { brokerMessage: from.brokerMessage } : {}),
      ...(from?.requestId !== undefined ? { requestId: from.requestId } : {}),
    },
  );
}

/**
 * The error for an order that got no answer: `denied` when the connection provably never opened,
 * otherwise unknown.
 *
 * @example
 * ```ts
 * throw orderTransportError('alpaca', call, 'c-1', { kind: 'timeout', notSent: false, cause }, 10_000)
 * ```
 */
export function orderTransportError(broker: string, call: HttpCall, clientOrderId: string, failure: TransportFailure, timeoutMs: number): BrokerError {
  if (failure.notSent) {
    return new ConnectionError(`${broker}: could not connect to send order ${clientOrderId} (${call.what}); nothing was sent`, {
      broker,
      outcome: 'denied',
      cause: failure.cause,
    });
  }
  const reason = failure.kind === 'timeout' ? `no answer within ${timeoutMs} ms` : 'the connection failed after the request was sent';
  return unknownOrderOutcome(broker, call, clientOrderId, reason, failure.cause);
}

/**
 * The error for an order's error answer: the broker's mapped error when the answer is a refusal
 * (`error` already carries `outcome: 'rejected'`), otherwise unknown.
 *
 * @example
 * ```ts
 * throw orderAnswerError('alpaca', call, 'c-1', 422, mapped) // mapped, rejected
 * throw orderAnswerError('alpaca', call, 'c-1', 500, mapped) // UnknownOutcomeError
 * ```
 */
export function orderAnswerError(broker: string, call: HttpCall, clientOrderId: string, status: number, error: BrokerError): BrokerError {
  if (orderAnswerOutcome(status) === 'rejected') return error;
  return unknownOrderOutcome(broker, call, clientOrderId, `the broker answered HTTP ${status}`, error, error);
}
