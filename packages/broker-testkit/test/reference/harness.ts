import { withValidation, type Broker } from '@invest/broker-core';
import type { ConformanceFaults, ConformanceHarness } from '../../src/index.ts';
import { ReferenceBroker, type ReferenceBrokerOptions } from './reference-broker.ts';

/** A harness around a reference broker (or a broken variant), with the reference kept at hand for the hooks. */
export interface ReferenceHarness extends ConformanceHarness {
  reference: ReferenceBroker;
}

export interface HarnessOptions {
  /** The broker under test; by default a fresh `ReferenceBroker`. */
  reference?: ReferenceBroker;
  /**
   * Wraps the broker as the registry makes it (the reference behind core's edge): a mutant that
   * breaks answers rather than the venue. Gets the edge and the bare reference.
   */
  wrap?: (edge: Broker, reference: ReferenceBroker) => Broker;
  /** False: the reference without core's edge, as if a plugin's adapter were used bare (a mutant). */
  edge?: boolean;
  /** Give the harness market control (default true). */
  market?: boolean;
}

/**
 * A fresh harness: the broker, market control that moves the reference's quotes, and the count of
 * submissions that reached its venue.
 */
export function referenceHarness(options: HarnessOptions = {}): ReferenceHarness {
  const reference = options.reference ?? new ReferenceBroker();
  // What a registry gives a user: the adapter behind `withValidation`.
  const edge = options.edge === false ? (reference as unknown as Broker) : withValidation(reference);
  const harness: ReferenceHarness = {
    broker: options.wrap ? options.wrap(edge, reference) : edge,
    reference,
    requestsSent: () => reference.requestsSent,
  };
  if (options.market !== false) harness.market = { setQuote: (symbol, quote) => reference.setQuote(symbol, quote) };
  return harness;
}

/** A harness for a reference broker built with these options. */
export function referenceWith(options: ReferenceBrokerOptions, harness: Omit<HarnessOptions, 'reference'> = {}): ReferenceHarness {
  return referenceHarness({ ...harness, reference: new ReferenceBroker(options) });
}

export const referenceFaults: ConformanceFaults<ReferenceHarness> = {
  timeoutAfterSend: (h) => h.reference.armLostAnswer(),
};

/** Capabilities of a small broker: market and limit, simple orders, day and gtc, nothing else. */
export const SMALL_CAPABILITIES: ReferenceBrokerOptions['capabilities'] = {
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
  streaming: false,
  clientOrderId: { maxLength: 20, charset: 'A-Za-z0-9' },
};
