import type { AccountInfo, Broker } from '@invest/broker-core';
import type { BrokerStatus, RiskSettings } from '@invest/multi-broker';

/**
 * What the dashboard reads: the part of `MultiBrokerManager` it needs, so a manager is passed
 * as it is and a test or a bench can pass its own. Only reads are called (`getAccount`,
 * `getPositions`, `listOrders`, `connect` for an account that is down): never an order method.
 */
export interface PortfolioSource {
  readonly names: readonly string[];
  status(): readonly BrokerStatus[];
  get(name: string): Broker;
  /** Why an account could not be reached at its last connect, if it could not. */
  unreachable?(name: string): Error | undefined;
  /** The limits across all accounts together. */
  readonly globalRisk?: { readonly settings: RiskSettings };
  /**
   * Told the figures of every account that answered a read, so a source that keeps portfolio
   * history records what the page showed (the manager's `recordAccounts`).
   */
  recordAccounts?(accounts: readonly { broker: string; account: AccountInfo }[]): void;
}

/** A query of the stored portfolio history. */
export interface HistoryQuery {
  from?: Date;
  to?: Date;
  broker?: string;
}

/** One account's balances at one time; amounts as exact decimal text. */
export interface HistoryRow {
  at: string;
  broker: string;
  equity: string;
  cash: string;
  positionsValue: string;
}

/**
 * Where the equity-over-time chart reads from: the CLI adapts `@invest/multi-broker`'s stored
 * history to it; `ObservedHistory` keeps what the dashboard saw while it ran, for sources without one.
 */
export interface HistorySource {
  history(query: HistoryQuery): Promise<readonly HistoryRow[]>;
}
