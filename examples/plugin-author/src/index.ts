export { TINY_CAPABILITIES } from './capabilities.js';
export { TINY_ENV, TinyConfigSchema } from './config.js';
export type { TinyConfig } from './config.js';
export { tinyPlugin } from './plugin.js';
export { TinyBroker } from './tiny-broker.js';
