import { z } from 'zod';
import { OrderClass, OrderType, TimeInForce } from './enums.ts';

/**
 * What a broker can do. Checked before any network call: asking for something outside it is a
 * `NotSupportedError` with nothing sent.
 */
export const CapabilitiesSchema = z.object({
  orderTypes: z.array(OrderType).min(1),
  timeInForce: z.array(TimeInForce).min(1),
  orderClasses: z.array(OrderClass).min(1),
  /** Fractional quantities; `fractionalIncrement` is the smallest step (e.g. 1e-9). */
  fractional: z.boolean(),
  fractionalIncrement: z.number().positive().optional(),
  /** Orders by amount of money instead of quantity. */
  notional: z.boolean(),
  shortSelling: z.boolean(),
  extendedHours: z.boolean(),
  /** `replaceOrder` works. */
  replace: z.boolean(),
  /** Trailing stops by percent (`trailPercent`); by price needs `trailPrice` support. */
  trailPercent: z.boolean(),
  trailPrice: z.boolean(),
  /** Pushes order and fill events without polling. */
  streaming: z.boolean(),
  /** Offers a paper / sandbox environment. */
  paper: z.boolean(),
  /** Rules the broker puts on client order ids; ids are generated to fit. */
  clientOrderId: z.object({
    maxLength: z.number().int().min(8).max(128),
    /** Characters allowed, as a regex character class body, e.g. `A-Za-z0-9`. */
    charset: z.string().min(1),
  }),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;
