import type { BrokerPlugin } from '@invest/broker-core';
import { CustomFixedConfigSchema, ENV_NAMES, type CustomFixedConfig } from './config.ts';
import { FixedPriceBroker } from './fixed-price-broker.ts';

/**
 * The custom-fixed plugin: a plain object the user imports and registers. Registering is the only
 * way in; importing this module registers nothing.
 *
 * @example
 * ```ts
 * const registry = new BrokerRegistry().register(customFixedPlugin)
 * const broker = registry.create('custom-fixed', { apiKey: 'demo-key-123' }, { name: 'demo' })
 * ```
 */
export const customFixedPlugin: BrokerPlugin<CustomFixedConfig> = {
  type: 'custom-fixed',
  displayName: 'Custom fixed-price broker',
  description: 'Example third-party plugin: fixed prices, market and limit orders, long only',
  configSchema: CustomFixedConfigSchema,
  envNames: ENV_NAMES,
  fromEnv(env) {
    const cash = env[ENV_NAMES.cash];
    return {
      apiKey: env[ENV_NAMES.apiKey],
      accountId: env[ENV_NAMES.accountId],
      // Left as given when it is not a number, so the schema names the field in its error.
      cash: cash === undefined ? undefined : Number.isNaN(Number(cash)) ? cash : Number(cash),
    };
  },
  credentials: [{ key: 'apiKey', label: 'API key', secret: true, env: ENV_NAMES.apiKey, required: true }],
  // The registry puts what `create` returns behind core's edge (withValidation): every request is
  // parsed once and checked against the capabilities before the adapter sees it.
  create: (config, ctx) => new FixedPriceBroker(ctx.name, config, ctx.clock),
};
