import { Decimal } from '@invest/broker-core';

/** Commission schedule: per share, per order, and a minimum per order. All in account currency. */
export interface CommissionSchedule {
  perShare: number;
  perOrder: number;
  minimum: number;
}

/**
 * Commission of an order that has filled `filled` shares in total: `max(minimum, perOrder +
 * perShare x filled)`, rounded half-up to the cent; 0 before the first fill. A fill is charged
 * the difference between the totals after and before it, so partial fills never pay the minimum
 * or the per-order fee twice.
 *
 * @example
 * ```ts
 * orderCommission({ perShare: 0.005, perOrder: 0, minimum: 1 }, Decimal.from(100)).toString() // '1'
 * orderCommission({ perShare: 0.005, perOrder: 0, minimum: 1 }, Decimal.from(300)).toString() // '1.5'
 * ```
 */
export function orderCommission(schedule: CommissionSchedule, filled: Decimal): Decimal {
  if (filled.isZero()) return Decimal.ZERO;
  if (schedule.perShare === 0 && schedule.perOrder === 0 && schedule.minimum === 0) return Decimal.ZERO;
  const raw = filled.mul(schedule.perShare).add(schedule.perOrder);
  const min = Decimal.from(schedule.minimum);
  return (raw.cmp(min) < 0 ? min : raw).round(2, 'halfUp');
}

/**
 * What one fill of `quantity` costs when `before` shares of the order had already filled.
 *
 * @example
 * ```ts
 * fillCommission(schedule, Decimal.ZERO, Decimal.from(10)) // the minimum, on the first fill
 * ```
 */
export function fillCommission(schedule: CommissionSchedule, before: Decimal, quantity: Decimal): Decimal {
  if (schedule.perShare === 0 && schedule.perOrder === 0 && schedule.minimum === 0) return Decimal.ZERO;
  return orderCommission(schedule, before.add(quantity)).sub(orderCommission(schedule, before));
}
