import type { Order } from '@invest/broker-core';

/**
 * Every field of the core `Order`, in the core schema's order: the one list both shapes of an
 * order come from (the engine's full-shape record and the caller's copy without undefined
 * fields). A test checks it against `OrderSchema`, so a field added to the core cannot be left out.
 */
export const ORDER_FIELDS = [
  'id', 'clientOrderId', 'symbol', 'side', 'type', 'timeInForce', 'orderClass', 'status', 'quantity', 'notional',
  'filledQuantity', 'averageFillPrice', 'limitPrice', 'stopPrice', 'trailPrice', 'trailPercent', 'extendedHours',
  'createdAt', 'updatedAt', 'submittedAt', 'filledAt', 'canceledAt', 'parentId', 'replaces', 'raw', 'legs',
] as const satisfies readonly (keyof Order)[];

/**
 * Every field of `ORDER_FIELDS` as undefined: the object every engine order is cloned from. Built
 * in one go (`Object.fromEntries`), it has fast properties, and a spread of it keeps them; an
 * object filled one computed key at a time would fall back to a slow dictionary after a dozen.
 */
const BLANK_ORDER: Readonly<Order> = Object.fromEntries(ORDER_FIELDS.map((k) => [k, undefined])) as unknown as Order;

/**
 * A fresh order in the engine's shape, every field undefined, for the caller to set.
 *
 * @example
 * ```ts
 * const order = blankOrder();
 * order.id = 'ord-000001';
 * ```
 */
export function blankOrder(): Order {
  return { ...BLANK_ORDER };
}

/**
 * An order as the engine holds it: every field of `ORDER_FIELDS` present, in that order, absent
 * ones as undefined. Keeping one shape for every order keeps the engine's speed the same whatever
 * mix of order types an account holds (a backtest with resting limits and stops does not slow
 * down its market orders). `publicFields` gives callers the usual shape.
 *
 * @example
 * ```ts
 * Object.keys(internalOrder(order)).length === ORDER_FIELDS.length // true
 * ```
 */
export function internalOrder(o: Order): Order {
  const out = blankOrder() as unknown as Record<string, unknown>;
  for (const k of ORDER_FIELDS) out[k] = o[k];
  return out as unknown as Order;
}

/**
 * The fields of an order a caller sees: those that are set, none as undefined.
 *
 * @example
 * ```ts
 * 'notional' in publicFields(internalOrder(limitOrder)) // false
 * ```
 */
export function publicFields(o: Order): Order {
  const out: Record<string, unknown> = {};
  for (const k of ORDER_FIELDS) {
    const v = o[k];
    if (v !== undefined) out[k] = v;
  }
  return out as unknown as Order;
}
