import type { OrderClass, OrderType } from '@invest/broker-core';
import type { CaseRequirement } from '../case.ts';

/**
 * The case places `type` orders.
 *
 * @example
 * ```ts
 * orderType('stop')(caps, env) // 'stop orders are not in capabilities.orderTypes' when caps lack them
 * ```
 */
export const orderType = (type: OrderType): CaseRequirement => (caps) =>
  caps.orderTypes.includes(type) ? undefined : `${type} orders are not in capabilities.orderTypes`;

/**
 * The case places `orderClass` orders.
 *
 * @example
 * ```ts
 * orderClass('oco')(caps, env)
 * ```
 */
export const orderClass = (cls: OrderClass): CaseRequirement => (caps) =>
  caps.orderClasses.includes(cls) ? undefined : `${cls} orders are not in capabilities.orderClasses`;

/**
 * The broker declares a boolean capability.
 *
 * @example
 * ```ts
 * flag('shortSelling')(caps, env) // 'capabilities.shortSelling is false'
 * ```
 */
export const flag = (name: 'shortSelling' | 'replace' | 'streaming'): CaseRequirement => (caps) =>
  caps[name] ? undefined : `capabilities.${name} is false`;

/**
 * Trailing stops by price or by percent.
 *
 * @example
 * ```ts
 * requires: allOf(simple('trailing_stop'), trailing)
 * ```
 */
export const trailing: CaseRequirement = (caps) =>
  caps.trailPercent || caps.trailPrice ? undefined : 'neither capabilities.trailPercent nor capabilities.trailPrice';

/**
 * The harness can move prices.
 *
 * @example
 * ```ts
 * requires: allOf(simple('stop'), marketControl)
 * ```
 */
export const marketControl: CaseRequirement = (_caps, env) =>
  env.market ? undefined : 'the harness has no market control to move prices';

/**
 * The `timeoutAfterSend` fault hook was given.
 *
 * @example
 * ```ts
 * requires: timeoutFault
 * ```
 */
export const timeoutFault: CaseRequirement = (_caps, env) =>
  env.faults.timeoutAfterSend ? undefined : 'no faults.timeoutAfterSend hook was given';

/**
 * All requirements; the first reason that applies.
 *
 * @example
 * ```ts
 * requires: allOf(orderType('limit'), orderClass('simple'))
 * ```
 */
export function allOf(...requirements: CaseRequirement[]): CaseRequirement {
  return (caps, env) => {
    for (const r of requirements) {
      const reason = r(caps, env);
      if (reason !== undefined) return reason;
    }
    return undefined;
  };
}

/**
 * Simple orders of `type`: the shape most cases place.
 *
 * @example
 * ```ts
 * requires: simple('limit')
 * ```
 */
export const simple = (type: OrderType): CaseRequirement => allOf(orderClass('simple'), orderType(type));
