import { systemClock, type Clock } from '../clock.ts';
import { isBrokerError } from '../errors/broker-error.ts';
import { outcomeOf } from '../errors/outcome.ts';
import { InvalidOrderError, RateLimitError, UnknownOutcomeError } from '../errors/subclasses.ts';
import { silentLogger, type Logger } from '../logging/logger.ts';
import type { Order } from '../model/order.ts';

/** What an adapter gives the recovery loop. Each hook does one attempt; only the loop repeats. */
export interface RecoveryHooks {
  /** Sends the order once. Rejects with a `BrokerError` whose outcome says denied, rejected or unknown. */
  send(): Promise<Order>;
  /**
   * Looks the order up once, with no retries of its own (by client order id, or by the adapter's
   * matcher where the broker has none): the order, or undefined when the broker says it has none.
   */
  find(): Promise<Order | undefined>;
  /** Whether a found order is this request's (a reused client order id is not). Default: always. */
  match?(order: Order): boolean;
  /** An answer that proves the order landed before (a duplicate client order id): look it up at once. */
  landed?(error: unknown): boolean;
  /**
   * The order as the adapter knows it when the loop hands it back (a message that came with the
   * answer may have moved it on). Applied to the sent or found order; default: as it is.
   */
  known?(order: Order): Order;
}

export interface RecoveryOptions {
  /** Broker type, for errors and logs. */
  broker: string;
  clientOrderId: string;
  /** Lookups after an unknown outcome: the whole order's budget, whatever fails. Default 5. */
  lookups?: number;
  /** Wait before the first lookup, doubled after each. Default 250 ms. */
  delayMs?: number;
  /**
   * Sends again after the broker refused the order for its rate (429: not accepted, so the same
   * client order id makes a second send safe), after the wait it asked for. Default 0 (none).
   */
  rateLimitResends?: number;
  /** Longest rate-limit wait slept through before a resend. Default 60 000 ms. */
  maxRateLimitWaitMs?: number;
  /** Wait before a resend when the 429 said none. Default 1 000 ms, doubled each time. */
  rateLimitBackoffMs?: number;
  clock?: Clock;
  logger?: Logger;
}

const DEFAULTS = { lookups: 5, delayMs: 250, maxRateLimitWaitMs: 60_000, rateLimitBackoffMs: 1_000 } as const;

/**
 * The one order-submission loop every adapter uses. Sends once. A refusal (denied, rejected) is
 * thrown as the broker said it. An unknown outcome (timeout, reset, 5xx, unreadable answer) is
 * never sent again: the order is looked up with one backoff budget, `lookups` in all whatever
 * each lookup answers, and the found order is returned when it `match`es the request. When the
 * budget runs out it rejects with `UnknownOutcomeError`, whose `absent` says every lookup answered
 * "no such order" (as near to proof as the broker gives) rather than failing.
 *
 * @example
 * ```ts
 * return submitWithRecovery({
 *   send: () => http.submitOrder('POST', '/v2/orders', { json: body, schema, clientOrderId: req.clientOrderId }).then((r) => toCoreOrder(r.data)),
 *   find: () => findByClientId(req.clientOrderId),
 *   match: (order) => order.symbol === req.symbol && order.side === req.side,
 * }, { broker: 'alpaca', clientOrderId: req.clientOrderId, clock })
 * ```
 */
export async function submitWithRecovery(hooks: RecoveryHooks, options: RecoveryOptions): Promise<Order> {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? silentLogger;
  const { clientOrderId, broker } = options;
  let sendError: unknown;
  for (let resend = 0; ; resend++) {
    let order: Order;
    try {
      order = await hooks.send();
    } catch (error) {
      if (hooks.landed?.(error)) {
        log.warn('the client order id was used before: the order landed, looking it up', { clientOrderId });
        return lookUp(hooks, options, clock, log, error, 0);
      }
      const wait = resendWait(error, resend, options);
      if (wait !== undefined) {
        log.warn('order refused for its rate, sending again after the wait', { clientOrderId, waitMs: wait, resend: resend + 1 });
        await clock.sleep(wait);
        continue;
      }
      if (outcomeOf(error) !== 'unknown') throw error;
      sendError = error;
      break;
    }
    return hooks.known ? hooks.known(order) : order;
  }
  log.warn('order outcome unknown, looking it up', { clientOrderId, broker });
  return lookUp(hooks, options, clock, log, sendError, options.delayMs ?? DEFAULTS.delayMs);
}

function resendWait(error: unknown, resend: number, options: RecoveryOptions): number | undefined {
  if (!(error instanceof RateLimitError) || resend >= (options.rateLimitResends ?? 0)) return undefined;
  const wait = error.retryAfterMs ?? (options.rateLimitBackoffMs ?? DEFAULTS.rateLimitBackoffMs) * 2 ** resend;
  return wait <= (options.maxRateLimitWaitMs ?? DEFAULTS.maxRateLimitWaitMs) ? wait : undefined;
}

async function lookUp(hooks: RecoveryHooks, options: RecoveryOptions, clock: Clock, log: Logger, cause: unknown, firstDelay: number): Promise<Order> {
  const budget = options.lookups ?? DEFAULTS.lookups;
  let delay = firstDelay;
  let absent = 0;
  let lastError: unknown;
  for (let i = 0; i < budget; i++) {
    if (delay > 0) await clock.sleep(delay);
    delay = Math.max(delay * 2, options.delayMs ?? DEFAULTS.delayMs);
    let found: Order | undefined;
    try {
      found = await hooks.find();
    } catch (error) {
      // A failed lookup is "no answer"; it spends one lookup of the budget like any other.
      lastError = error;
      log.debug('order lookup failed', { clientOrderId: options.clientOrderId, attempt: i + 1, code: isBrokerError(error) ? error.code : undefined });
      continue;
    }
    if (found === undefined) {
      absent += 1;
      continue;
    }
    if (hooks.match && !hooks.match(found)) {
      throw new InvalidOrderError(
        `${options.broker}: client order id ${options.clientOrderId} belongs to order ${found.id} (${found.side} ${found.symbol} ${found.type}), which is not this order; nothing was placed`,
        { field: 'clientOrderId', broker: options.broker, outcome: 'rejected' },
      );
    }
    return hooks.known ? hooks.known(found) : found;
  }
  throw new UnknownOutcomeError(
    `Order ${options.clientOrderId}: the answer to its submission was lost and ${absent} of ${budget} lookups found no such order` +
      `${absent < budget ? ` (${budget - absent} failed)` : ''}; it was not sent again`,
    { clientOrderId: options.clientOrderId, broker: options.broker, cause: lastError ?? cause, absent: absent === budget },
  );
}
