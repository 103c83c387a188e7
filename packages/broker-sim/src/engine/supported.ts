import { assertSupported, Decimal, NotSupportedError, type Capabilities, type OrderRequest } from '@invest/broker-core';

/**
 * `assertSupported` with an exact check of the fractional step. The core divides the quantity by
 * the step in floating point and allows an absolute error of 1e-6, which ordinary quantities
 * exceed (33.333 / 1e-9 is 33332999999.999996, off by 4e-6; about a third of the 3-decimal
 * quantities above 8.5 fail), so it refuses valid fractional orders. Here the core
 * checks everything else, and the step is checked on the decimal itself.
 *
 * @example
 * ```ts
 * assertSimSupported(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 33.333 }), caps) // passes
 * ```
 */
export function assertSimSupported(req: OrderRequest, caps: Capabilities): void {
  const fractional = req.quantity !== undefined && !Number.isInteger(req.quantity) && caps.fractional;
  assertSupported(fractional ? { ...req, quantity: 1 } : req, caps, 'sim');
  if (fractional) assertStep(req.quantity as number, caps);
}

/**
 * Throws `NotSupportedError` unless `quantity` is a whole multiple of the fractional increment.
 *
 * @example
 * ```ts
 * assertStep(0.0000000001, caps) // NotSupportedError: ... the smallest step is 1e-9
 * ```
 */
export function assertStep(quantity: number, caps: Capabilities): void {
  const step = Decimal.from(caps.fractionalIncrement ?? 1e-9);
  const q = Decimal.from(quantity);
  const steps = q.div(step, 0);
  if (!steps.mul(step).eq(q)) {
    throw new NotSupportedError(`sim does not support quantity ${quantity}: the smallest step is ${caps.fractionalIncrement ?? 1e-9}`, {
      broker: 'sim', capability: 'fractionalIncrement',
    });
  }
}
