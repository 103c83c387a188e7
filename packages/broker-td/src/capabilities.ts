import type { Capabilities } from '@invest/broker-core';
import { SCHWAB_CAPABILITIES, type OrderJsonDialect } from '@invest/broker-schwab';

/**
 * What the TD adapter offers: Schwab's set (the same order JSON), with TD's durations, which have
 * no immediate-or-cancel.
 */
export const TD_CAPABILITIES: Readonly<Capabilities> = Object.freeze<Capabilities>({
  ...SCHWAB_CAPABILITIES,
  timeInForce: ['day', 'gtc', 'fok'],
});

/** TD's dialect of the shared order JSON: its durations, and `yyyy-MM-dd` days in the orders query. */
export const TD_DIALECT: OrderJsonDialect = {
  broker: 'td',
  durations: { day: 'DAY', gtc: 'GOOD_TILL_CANCEL', fok: 'FILL_OR_KILL' },
  enteredTime: (ms) => new Date(ms).toISOString().slice(0, 10),
};
