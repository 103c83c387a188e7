import type { BrokerPlugin } from '@invest/broker-core';

/**
 * The adapters the CLI ships with, loaded only when a command needs that type: `invest status`
 * on two simulation accounts never loads an HTTP adapter.
 */
export const BUILTIN_PLUGINS: Readonly<Record<string, () => Promise<BrokerPlugin<unknown>>>> = {
  sim: async () => (await import('@invest/broker-sim')).simPlugin,
  alpaca: async () => (await import('@invest/broker-alpaca')).alpacaPlugin,
  etrade: async () => (await import('@invest/broker-etrade')).etradePlugin,
  ibkr: async () => (await import('@invest/broker-ibkr')).ibkrPlugin,
  schwab: async () => (await import('@invest/broker-schwab')).schwabPlugin,
  td: async () => (await import('@invest/broker-td')).tdPlugin,
};
