import { EventEmitter } from 'eventemitter3';
import type { Broker, BrokerError, BrokerEvents, Capabilities } from '@invest/broker-core';

/** Takes no order of any kind: capability checks refuse before anything reaches it. */
const NOTHING: Capabilities = {
  orderTypes: [], timeInForce: [], orderClasses: [], fractional: false, notional: false, shortSelling: false, extendedHours: false,
  replace: false, trailPercent: false, trailPrice: false, streaming: false, paper: true, clientOrderId: { maxLength: 0, charset: '' },
};

/**
 * A configured broker this version cannot create (an `ibkr` entry before its adapter lands): every
 * call rejects with `error`, so `invest status` lists it with the reason, next to the brokers
 * that work, instead of failing as a whole.
 *
 * @example
 * ```ts
 * manager.addBroker('ibkr', unavailableBroker('ibkr', 'ibkr', notYetAvailableError('ibkr', 'ibkr')), { weight: 0 })
 * ```
 */
export function unavailableBroker(name: string, type: string, error: BrokerError): Broker {
  const fail = (): Promise<never> => Promise.reject(error);
  return {
    name, type, capabilities: NOTHING, events: new EventEmitter<BrokerEvents>(), connected: false,
    connect: fail, disconnect: () => Promise.resolve(), getAccount: fail, getPositions: fail, getPosition: fail, submitOrder: fail,
    cancelOrder: fail, replaceOrder: fail, getOrder: fail, findOrderByClientId: fail, listOrders: fail, getQuote: fail,
  };
}
