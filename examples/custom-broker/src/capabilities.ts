import type { Capabilities } from '@invest/broker-core';

/**
 * Deliberately small: market and limit orders, simple class, whole shares, no shorting, no
 * replace. Declared here so that `withValidation` refuses the rest before it reaches the broker,
 * and the conformance suite knows which cases apply.
 */
export const CUSTOM_FIXED_CAPABILITIES: Capabilities = {
  orderTypes: ['market', 'limit'],
  timeInForce: ['day', 'gtc'],
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
  clientOrderId: { maxLength: 24, charset: 'A-Za-z0-9' },
};
