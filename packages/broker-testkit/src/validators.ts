import {
  AccountInfoSchema,
  CapabilitiesSchema,
  FillSchema,
  formatIssues,
  OrderSchema,
  PositionSchema,
  QuoteSchema,
  type AccountInfo,
  type Capabilities,
  type Fill,
  type Order,
  type Position,
  type Quote,
} from '@invest/broker-core';
import { fail } from './failure.ts';

/** Quantities and prices are compared with this much slack: they cross the API as doubles. */
export const EPSILON = 1e-9;

function issues(error: Parameters<typeof formatIssues>[0]): string {
  return formatIssues(error).map((i) => `${i.field} ${i.message}`).join('; ');
}

function orderInvariants(order: Order, where: string): void {
  const { quantity, filledQuantity } = order;
  if (quantity !== undefined && filledQuantity > quantity + EPSILON) {
    fail(`${where}: order ${order.id} has filledQuantity ${filledQuantity} above its quantity ${quantity}`);
  }
  if (order.status === 'filled' && quantity !== undefined && filledQuantity + EPSILON < quantity) {
    fail(`${where}: order ${order.id} is filled with only ${filledQuantity} of ${quantity}`);
  }
  if (filledQuantity > 0 && order.averageFillPrice === undefined) {
    fail(`${where}: order ${order.id} has ${filledQuantity} filled but no averageFillPrice`);
  }
  order.legs?.forEach((leg, i) => orderInvariants(leg, `${where}.legs[${i}]`));
}

/**
 * Asserts `value` is an `Order` the core schema accepts, and that it is consistent: filled
 * quantity within the order quantity, `filled` only when complete, a fill price once anything
 * filled (legs included). Throws `ConformanceFailure` naming the field otherwise.
 *
 * @example
 * ```ts
 * const order = await broker.submitOrder(req)
 * expectValidOrder(order, 'submitOrder result')
 * ```
 */
export function expectValidOrder(value: unknown, where = 'order'): asserts value is Order {
  const result = OrderSchema.safeParse(value);
  if (!result.success) fail(`${where} is not a valid Order: ${issues(result.error)}`);
  orderInvariants(result.data, where);
}

/**
 * Asserts `value` is a `Position` the core schema accepts, with `costBasis` equal to
 * |quantity| x averageCost (to the cent).
 *
 * @example
 * ```ts
 * expectValidPosition(await broker.getPosition('AAPL'))
 * ```
 */
export function expectValidPosition(value: unknown, where = 'position'): asserts value is Position {
  const result = PositionSchema.safeParse(value);
  if (!result.success) fail(`${where} is not a valid Position: ${issues(result.error)}`);
  const p = result.data;
  const expected = Math.abs(p.quantity) * p.averageCost;
  if (Math.abs(p.costBasis - expected) > Math.max(0.01, Math.abs(expected) * 1e-9)) {
    fail(`${where}: costBasis ${p.costBasis} of ${p.symbol} is not |quantity| x averageCost = ${expected}`);
  }
}

/**
 * Asserts `value` is an `AccountInfo` the core schema accepts (finite money, a 3-letter currency).
 *
 * @example
 * ```ts
 * expectValidAccount(await broker.getAccount())
 * ```
 */
export function expectValidAccount(value: unknown, where = 'account'): asserts value is AccountInfo {
  const result = AccountInfoSchema.safeParse(value);
  if (!result.success) fail(`${where} is not a valid AccountInfo: ${issues(result.error)}`);
}

/**
 * Asserts `value` is a `Quote` the core schema accepts (at least one of bid, ask and last).
 *
 * @example
 * ```ts
 * expectValidQuote(await broker.getQuote('AAPL'))
 * ```
 */
export function expectValidQuote(value: unknown, where = 'quote'): asserts value is Quote {
  const result = QuoteSchema.safeParse(value);
  if (!result.success) fail(`${where} is not a valid Quote: ${issues(result.error)}`);
}

/**
 * Asserts `value` is a `Fill` the core schema accepts.
 *
 * @example
 * ```ts
 * broker.events.on('fill', (fill) => expectValidFill(fill, 'fill event'))
 * ```
 */
export function expectValidFill(value: unknown, where = 'fill'): asserts value is Fill {
  const result = FillSchema.safeParse(value);
  if (!result.success) fail(`${where} is not a valid Fill: ${issues(result.error)}`);
}

/**
 * Asserts `value` is a complete `Capabilities` object.
 *
 * @example
 * ```ts
 * expectValidCapabilities(broker.capabilities)
 * ```
 */
export function expectValidCapabilities(value: unknown, where = 'capabilities'): asserts value is Capabilities {
  const result = CapabilitiesSchema.safeParse(value);
  if (!result.success) fail(`${where} are not valid Capabilities: ${issues(result.error)}`);
}
