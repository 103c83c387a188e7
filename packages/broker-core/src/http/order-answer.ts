/** What an HTTP error answer to an order submission proves. */
export type OrderAnswerOutcome = 'rejected' | 'unknown';

interface OrderAnswer {
  status: number;
  body: string;
}

interface OrderAnswerRule {
  readonly when: (answer: OrderAnswer) => boolean;
  readonly outcome: OrderAnswerOutcome;
  /** Why, for readers of this table. */
  readonly why: string;
}

const isClientError = (status: number): boolean => status >= 400 && status < 500;

/**
 * First matching rule wins. Only an answer that is the broker's refusal counts as `rejected`;
 * anything else may have been accepted and stays `unknown`, to be settled by a lookup. Reporting
 * an accepted order as rejected is how duplicates and untracked positions happen, so a doubt
 * always falls on the `unknown` side.
 */
export const ORDER_ANSWER_RULES: readonly OrderAnswerRule[] = [
  { when: (a) => a.status === 429, outcome: 'rejected', why: 'rate limited: refused before it was processed' },
  { when: (a) => a.status === 408, outcome: 'unknown', why: 'the server gave up reading it; part may have been acted on' },
  { when: (a) => isClientError(a.status) && a.body.trim() !== '', outcome: 'rejected', why: 'the broker answered with a refusal' },
  { when: (a) => isClientError(a.status), outcome: 'unknown', why: 'a bare 4xx may come from something between us and the broker' },
  { when: () => true, outcome: 'unknown', why: '5xx, redirects and anything else say nothing about the order' },
];

/**
 * Whether an HTTP error answer to an order proves the broker refused it.
 *
 * @example
 * ```ts
 * orderAnswerOutcome(422, '{"message":"qty must be > 0"}') // 'rejected'
 * orderAnswerOutcome(503, 'upstream error') // 'unknown'
 * ```
 */
export function orderAnswerOutcome(status: number, body: string): OrderAnswerOutcome {
  const answer = { status, body };
  return ORDER_ANSWER_RULES.find((rule) => rule.when(answer))!.outcome;
}
