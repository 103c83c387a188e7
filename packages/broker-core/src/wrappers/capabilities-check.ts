import { NotSupportedError } from '../errors/subclasses.ts';
import { Decimal } from '../money.ts';
import type { Capabilities } from '../model/capabilities.ts';
import type { OrderRequest } from '../model/order-request.ts';

const DEFAULT_INCREMENT = 1e-9;

/**
 * Throws `NotSupportedError` (nothing sent) when the request asks for something the broker's
 * capabilities do not include.
 *
 * @example
 * ```ts
 * assertSupported(req, broker.capabilities, broker.type)
 * ```
 */
export function assertSupported(req: OrderRequest, caps: Capabilities, broker: string): void {
  const no = (capability: string, what: string): never => {
    throw new NotSupportedError(`${broker} does not support ${what}`, { broker, capability });
  };
  if (!caps.orderTypes.includes(req.type)) no('orderTypes', `${req.type} orders`);
  if (!caps.timeInForce.includes(req.timeInForce)) no('timeInForce', `time in force ${req.timeInForce}`);
  if (!caps.orderClasses.includes(req.orderClass)) no('orderClasses', `${req.orderClass} orders`);
  if (req.notional !== undefined && !caps.notional) no('notional', 'notional (amount of money) orders');
  if (req.extendedHours && !caps.extendedHours) no('extendedHours', 'extended-hours orders');
  if (req.trailPercent !== undefined && !caps.trailPercent) no('trailPercent', 'trailing stops by percent');
  if (req.trailPrice !== undefined && !caps.trailPrice) no('trailPrice', 'trailing stops by price');
  if (req.quantity !== undefined && !Number.isInteger(req.quantity)) {
    if (!caps.fractional) no('fractional', `fractional quantities (quantity ${req.quantity})`);
    const step = caps.fractionalIncrement ?? DEFAULT_INCREMENT;
    // Exact: a float quotient (33.333 / 1e-9) is not a whole number even when the decimals are.
    const steps = Decimal.from(req.quantity).div(step, 0);
    if (!steps.mul(step).eq(req.quantity)) no('fractionalIncrement', `quantity ${req.quantity}: the smallest step is ${step}`);
  }
}
