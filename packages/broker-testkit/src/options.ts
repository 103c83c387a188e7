import type { Broker } from '@invest/broker-core';
import type { CaseId } from './case.ts';

/** Prices a market-control hook sets; the ones left out keep their value. */
export interface QuoteUpdate {
  bid?: number;
  ask?: number;
  last?: number;
}

/** Moves the market a test broker trades against (simulators, fakes, mock servers). */
export interface MarketControl {
  /** Sets the quote of `symbol`. Working orders react to it before the returned promise settles. */
  setQuote(symbol: string, quote: QuoteUpdate): Promise<void> | void;
}

/** One fresh broker for one case, with the optional test hooks around it. */
export interface ConformanceHarness {
  /** The broker as users get it (from the plugin's `create`), not yet connected. */
  broker: Broker;
  /** Present when the test can move prices: cases that trigger stops and exits need it. */
  market?: MarketControl;
  /**
   * Number of order submissions (and replaces) that reached the broker's transport or back end so
   * far. When given, the invalid-input and unsupported-feature cases prove with it that nothing
   * was sent; without it they rely on `listOrders` and `findOrderByClientId`.
   */
  requestsSent?(): number;
  /** Runs after the case, pass or fail (close servers, delete temp files). */
  cleanup?(): Promise<void>;
}

/** Fault hooks. Each one arms a fault for the next matching call, then disarms itself. */
export interface ConformanceFaults<H extends ConformanceHarness = ConformanceHarness> {
  /**
   * The next `submitOrder` reaches the broker (the order is created) and its answer is lost
   * (timeout, reset). The broker under test must then resolve the order by lookup or throw
   * `UnknownOutcomeError`, and never create it twice.
   */
  timeoutAfterSend?: (harness: H) => void | Promise<void>;
}

/** Options of `brokerConformanceSuite`. */
export interface ConformanceOptions<H extends ConformanceHarness = ConformanceHarness> {
  /** Name of the `describe` block, e.g. `alpaca (msw)`. */
  name: string;
  /**
   * Builds a fresh harness. Called once per case, and once more while the suite is collected, to
   * read `broker.capabilities` (that broker is never connected; `cleanup` runs right after).
   */
  createBroker: () => Promise<H> | H;
  /** Cases to skip, each with the reason (shown in the test title). */
  skips?: Partial<Record<CaseId, string>>;
  faults?: ConformanceFaults<H>;
  /** Symbol the cases trade. Default `AAPL`. */
  symbol?: string;
  /** Bound on every wait for an order or position to change. Default 5000 ms. */
  timeoutMs?: number;
  /** An order id the broker certainly does not know (format matters for some brokers). Default: a random UUID. */
  unknownOrderId?: string;
}

/** What the environment around a broker offers, besides its capabilities. */
export interface ConformanceEnvironment {
  /** The harness has `market` control. */
  market: boolean;
  /** Which fault hooks were given. */
  faults: { timeoutAfterSend: boolean };
}
