import type { Capabilities } from '@invest/broker-core';

/**
 * What the Schwab adapter offers through Schwab's Trader API (US equities). Checked before any
 * request: anything outside it is a `NotSupportedError` with nothing sent.
 *
 * - Whole shares only: the Trader API's equity orders take no fractions and no notional amounts.
 * - No short selling here: opening a short needs Schwab's `SELL_SHORT` instruction, which the
 *   core model's plain `sell` cannot tell apart from closing a long.
 * - Bracket, OCO and OTO through the order strategy types: a bracket is a `TRIGGER` whose child is
 *   an `OCO` of the two exits, an OTO a `TRIGGER` with one exit, an OCO an `OCO` of its two orders
 *   (read back as its take-profit, with the stop-loss as its leg).
 * - Client order ids are this process's own: Schwab keeps none, so the adapter remembers which id
 *   it gave which order, and finds a lost order by matching recent orders.
 */
export const SCHWAB_CAPABILITIES: Readonly<Capabilities> = Object.freeze<Capabilities>({
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'fok', 'ioc'],
  orderClasses: ['simple', 'bracket', 'oco', 'oto'],
  fractional: false,
  notional: false,
  shortSelling: false,
  extendedHours: true,
  replace: true,
  trailPercent: true,
  trailPrice: true,
  streaming: false,
  paper: false,
  clientOrderId: { maxLength: 64, charset: 'A-Za-z0-9._:-' },
});
