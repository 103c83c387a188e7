import { z } from 'zod';
import { OrderClass, OrderSide, OrderStatus, OrderType, TimeInForce } from './enums.ts';
import { isoTimestamp, nonNegativeNumber, positiveNumber, symbolSchema } from './primitives.ts';

const orderFields = {
  /** The broker's id for the order. */
  id: z.string().min(1),
  clientOrderId: z.string().min(1),
  symbol: z.string().min(1),
  side: OrderSide,
  type: OrderType,
  timeInForce: TimeInForce,
  orderClass: OrderClass,
  status: OrderStatus,
  /** Ordered quantity; absent for a notional order until the broker fixes it. */
  quantity: positiveNumber.optional(),
  notional: positiveNumber.optional(),
  filledQuantity: nonNegativeNumber,
  averageFillPrice: positiveNumber.optional(),
  limitPrice: positiveNumber.optional(),
  stopPrice: positiveNumber.optional(),
  trailPrice: positiveNumber.optional(),
  trailPercent: positiveNumber.optional(),
  extendedHours: z.boolean(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  submittedAt: isoTimestamp.optional(),
  filledAt: isoTimestamp.optional(),
  canceledAt: isoTimestamp.optional(),
  /** Id of the parent order, for a leg. */
  parentId: z.string().optional(),
  /** Id of the order this one replaced. */
  replaces: z.string().optional(),
  /** The broker's own object, for escape hatches. */
  raw: z.unknown().optional(),
};

/** An order as a broker reports it (see `OrderSchema`). */
export interface Order extends z.infer<z.ZodObject<typeof orderFields>> {
  /** Child orders (bracket / oco / oto legs). */
  legs?: Order[];
}

/**
 * An order as a broker reports it. Every adapter returns objects that pass this schema; the
 * conformance suite checks it.
 */
export const OrderSchema: z.ZodType<Order> = z.object({
  ...orderFields,
  legs: z.array(z.lazy(() => OrderSchema)).optional(),
});

/** One execution. `fillId` is unique per broker so a fill seen twice is applied once. */
export const FillSchema = z.object({
  fillId: z.string().min(1),
  orderId: z.string().min(1),
  clientOrderId: z.string().min(1),
  symbol: z.string().min(1),
  side: OrderSide,
  quantity: positiveNumber,
  price: positiveNumber,
  commission: nonNegativeNumber.optional(),
  timestamp: isoTimestamp,
  raw: z.unknown().optional(),
});
export type Fill = z.infer<typeof FillSchema>;

/**
 * Filter for `listOrders`. `status: 'open'` means every non-terminal status; `symbols` are read
 * as order symbols are (trimmed, upper-cased); orders created after `after` (exclusive) and at or
 * before `until`. `orderMatchesFilter` applies it to one order.
 */
export const OrderFilterSchema = z.strictObject({
  status: z.enum(['open', 'closed', 'all']).default('all'),
  symbols: z.array(symbolSchema).optional(),
  side: OrderSide.optional(),
  after: isoTimestamp.optional(),
  until: isoTimestamp.optional(),
  limit: z.number().int().positive().max(10_000).optional(),
});
export type OrderFilterInput = z.input<typeof OrderFilterSchema>;
export type OrderFilter = z.output<typeof OrderFilterSchema>;
