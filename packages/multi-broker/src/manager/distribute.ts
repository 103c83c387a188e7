import {
  assertSupported, deriveOrderRequest, ErrorCode, generateClientOrderId, isBrokerError, NotSupportedError, outcomeOf, parseOrderRequest,
  type Broker, type OrderRequestInput, type ParsedOrderRequest,
} from '@invest/broker-core';
import { splitQuantity } from '../distribution/split.ts';
import type { GlobalRisk } from '../risk/global.ts';
import { layersOf } from '../wrappers/layers.ts';
import { toError } from './fan-out.ts';
import type { DistributionLeg, DistributionResult } from './types.ts';

/** A broker that may take a share of the order. */
export interface Recipient {
  name: string;
  broker: Broker;
  weight: number;
  /** Why this broker cannot be reached (its last connect failed); its leg is reported, not sent. */
  unreachable?: Error;
}

export interface DistributeContext {
  /** The brokers asked, in the order the result lists them. */
  recipients: readonly Recipient[];
  global: GlobalRisk;
  /** Runs before any leg is judged or sent (the journal's reconciliation). */
  beforeSending(): Promise<unknown>;
  /** A recipient whose reads failed while its leg was judged (the manager leaves it out of the global limits). */
  onUnreachable?(name: string, error: Error): void;
}

/**
 * A refusal stops the whole order (nothing is sent); any other failure to judge a leg means its
 * account could not be read, and only that leg is left out.
 */
function isRefusal(error: unknown): boolean {
  return isBrokerError(error) && (error.code === ErrorCode.RISK_LIMIT || error.code === ErrorCode.CONFIG || error.outcome === 'denied');
}

const notRespread = (to: Recipient, amount: number, error: Error): DistributionLeg => ({
  broker: to.name, status: 'unreachable', quantity: amount, respread: false, reason: `${to.name} could not be reached: ${error.message}`,
});

/** Why `broker` cannot take an order of this kind at all (its leg's own size is judged when sent). */
function ineligible(whole: ParsedOrderRequest, r: Recipient): string | undefined {
  if (r.weight === 0) return 'weight is 0';
  const caps = r.broker.capabilities;
  try {
    // The order's kind, not its size: a leg's size is not known yet.
    assertSupported({ ...whole, quantity: whole.quantity === undefined ? undefined : 1 }, caps, r.broker.type);
    if (whole.quantity !== undefined && !Number.isInteger(whole.quantity) && !caps.fractional) {
      throw new NotSupportedError(`${r.name} (${r.broker.type}) does not support fractional quantities`, { capability: 'fractional' });
    }
    return undefined;
  } catch (error) {
    // Core's capability messages name the broker type; the user knows the account by its name.
    const message = toError(error).message;
    return message.startsWith(r.name) ? message : `${r.name}: ${message}`;
  }
}

/**
 * One order split across brokers by weight: parsed once, each leg derived from it (its own size
 * and client order id, no second schema run), every leg judged by its broker's risk layer and the
 * whole order once by the global limits before any leg is sent, then the legs sent concurrently
 * and each one's outcome reported.
 *
 * An account that cannot be reached (its connect failed, or its reads fail while its leg is
 * judged) does not stop the others: its leg is reported `unreachable` with the reason and its
 * quantity is NOT re-spread over the others (each reachable account gets exactly the share its
 * weight gives it, so the result is incomplete rather than lopsided). A risk refusal of any leg
 * still stops the whole order before anything is sent.
 *
 * @example
 * ```ts
 * const result = await distributeOrder({ symbol: 'AAPL', side: 'buy', quantity: 30 }, { recipients, global, beforeSending: () => manager.reconcile() })
 * ```
 */
export async function distributeOrder(input: OrderRequestInput, ctx: DistributeContext): Promise<DistributionResult> {
  const whole = parseOrderRequest(input);
  const names = ctx.recipients.map((r) => r.name);
  const skipped: DistributionLeg[] = [];
  const eligible: Recipient[] = [];
  for (const r of ctx.recipients) {
    const reason = ineligible(whole, r);
    if (reason === undefined) eligible.push(r);
    else skipped.push({ broker: r.name, status: 'skipped', quantity: 0, reason });
  }
  if (eligible.length === 0) {
    throw new NotSupportedError(`No broker can take this order: ${skipped.map((s) => `${s.broker}: ${(s as { reason: string }).reason}`).join('; ')}`, { capability: 'distribution' });
  }
  const total = whole.quantity ?? whole.notional!;
  const fractional = whole.quantity !== undefined && !Number.isInteger(whole.quantity);
  const unit = whole.notional !== undefined ? 0.01 : fractional ? Math.max(...eligible.map((e) => e.broker.capabilities.fractionalIncrement ?? 1e-9)) : 1;
  const split = splitQuantity(total, eligible.map((e) => ({ name: e.name, weight: e.weight })), unit);
  let legs: { to: Recipient; req: ParsedOrderRequest; amount: number }[] = [];
  split.forEach((part, i) => {
    const to = eligible[i]!;
    if (part.quantity === 0) {
      skipped.push({ broker: to.name, status: 'skipped', quantity: 0, reason: `its share (${part.exact}) rounds to 0` });
      return;
    }
    if (to.unreachable) {
      skipped.push(notRespread(to, part.quantity, to.unreachable));
      return;
    }
    const rules = to.broker.capabilities.clientOrderId;
    legs.push({ to, amount: part.quantity, req: deriveOrderRequest(whole, { size: part.quantity, clientOrderId: generateClientOrderId(rules) }, rules) });
  });

  await ctx.beforeSending();
  // The global limits judge the whole order once (below), not each leg as if it were the order.
  for (const leg of legs) ctx.global.cover(leg.req);
  // Every leg is judged (concurrently: they are reads) before any is sent; the first refusal in
  // broker order is reported, whichever finished first.
  const judged = await Promise.allSettled(legs.map((leg) => layersOf(leg.to.broker).risk?.precheck(leg.req) ?? Promise.resolve()));
  const refused = judged.find((r) => r.status === 'rejected' && isRefusal(r.reason));
  if (refused) throw (refused as PromiseRejectedResult).reason;
  legs = legs.filter((leg, i) => {
    const r = judged[i]!;
    if (r.status === 'fulfilled') return true;
    const error = toError(r.reason);
    ctx.onUnreachable?.(leg.to.name, error);
    skipped.push(notRespread(leg.to, leg.amount, error));
    return false;
  });
  if (legs.length > 0) await ctx.global.check(whole);

  const sent = await Promise.all(legs.map(async (leg): Promise<DistributionLeg> => {
    try {
      const order = await leg.to.broker.submitOrder(leg.req);
      return { broker: leg.to.name, status: 'accepted', quantity: leg.amount, order };
    } catch (error) {
      return {
        broker: leg.to.name, status: outcomeOf(error) === 'unknown' ? 'unknown' : 'rejected', quantity: leg.amount, clientOrderId: leg.req.clientOrderId,
        error: isBrokerError(error) ? error : toError(error),
      };
    }
  }));
  const accepted = sent.filter((l) => l.status === 'accepted').reduce((s, l) => s + l.quantity, 0);
  const ordered = [...sent, ...skipped].sort((a, b) => names.indexOf(a.broker) - names.indexOf(b.broker));
  return { request: whole, legs: ordered, acceptedQuantity: accepted, complete: sent.every((l) => l.status === 'accepted') && Math.abs(accepted - total) < 1e-9 };
}
