import type { Capabilities } from '@invest/broker-core';

/** Client order ids the simulator accepts: what the core schema allows, up to 128 characters. */
export const SIM_CLIENT_ORDER_ID = { maxLength: 128, charset: 'A-Za-z0-9._:\\-' } as const;

/**
 * What a simulated account can do: every order type, time in force and order class of the core
 * model, replace, trailing stops by price and percent, extended hours, events without polling, and
 * paper by definition. Fractional (and so notional) orders and short selling follow the config.
 *
 * @example
 * ```ts
 * simCapabilities({ fractional: false, shortSelling: true }).notional // false
 * ```
 */
export function simCapabilities(config: { fractional: boolean; shortSelling: boolean }): Capabilities {
  const caps: Capabilities = {
    orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
    timeInForce: ['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'],
    orderClasses: ['simple', 'bracket', 'oco', 'oto'],
    fractional: config.fractional,
    notional: config.fractional,
    shortSelling: config.shortSelling,
    extendedHours: true,
    replace: true,
    trailPercent: true,
    trailPrice: true,
    streaming: true,
    paper: true,
    clientOrderId: { ...SIM_CLIENT_ORDER_ID },
  };
  if (config.fractional) caps.fractionalIncrement = 1e-9;
  return caps;
}
