export { customFixedPlugin } from './plugin.ts';
export { FixedPriceBroker } from './fixed-price-broker.ts';
export { CUSTOM_FIXED_CAPABILITIES } from './capabilities.ts';
export { CustomFixedConfigSchema, ENV_NAMES } from './config.ts';
export type { CustomFixedConfig } from './config.ts';
