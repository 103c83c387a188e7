import type { BrokerPlugin } from '@invest/broker-core';
import { TINY_ENV, TinyConfigSchema, type TinyConfig } from './config.js';
import { TinyBroker } from './tiny-broker.js';

/**
 * The plugin object: register it, then create accounts of type `tiny`.
 *
 * @example
 * ```ts
 * const broker = new BrokerRegistry().register(tinyPlugin).create('tiny', { cash: 5_000 }, { name: 'demo' })
 * ```
 */
export const tinyPlugin: BrokerPlugin<TinyConfig> = {
  type: 'tiny',
  displayName: 'Tiny fixed-price broker',
  description: 'Market orders at fixed prices, in memory',
  configSchema: TinyConfigSchema,
  envNames: TINY_ENV,
  fromEnv: (env) => (env[TINY_ENV.cash] === undefined ? {} : { cash: Number(env[TINY_ENV.cash]) }),
  credentials: [],
  create: (config, ctx) => new TinyBroker(ctx.name, config, ctx.clock),
};
