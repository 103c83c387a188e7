import type { Capabilities } from '@invest/broker-core';

/** Market orders for whole shares, long only. Core refuses everything else before the adapter runs. */
export const TINY_CAPABILITIES: Capabilities = {
  orderTypes: ['market'],
  timeInForce: ['day'],
  orderClasses: ['simple'],
  fractional: false,
  notional: false,
  shortSelling: false,
  extendedHours: false,
  replace: false,
  trailPercent: false,
  trailPrice: false,
  streaming: true,
  paper: true,
  clientOrderId: { maxLength: 32, charset: 'A-Za-z0-9' },
};
