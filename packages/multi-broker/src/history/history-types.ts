import type { Decimal } from '@invest/broker-core';

/** One account's figures at one time. Written only when they changed since that account's last row. */
export interface AccountSnapshot {
  broker: string;
  /** ISO 8601 UTC. */
  at: string;
  currency: string;
  equity: Decimal;
  cash: Decimal;
  /** equity - cash: the net value of the positions as the broker values them (shorts count negative). */
  positionsValue: Decimal;
}

/** One fill of an order the manager placed. */
export interface FillRecord {
  broker: string;
  /** ISO 8601 UTC: the order's fill time where the broker gives it, else when it was seen. */
  at: string;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: string;
  quantity: Decimal;
  /** This fill's price: exact when the broker reports each fill's average, else to 10 places. */
  price: Decimal;
}

/** Which history to read: times inclusive (Date, ms or an ISO string), one broker or all. */
export interface HistoryQuery {
  from?: Date | number | string;
  to?: Date | number | string;
  broker?: string;
}

export interface PortfolioHistoryRows {
  /** Oldest first. */
  accounts: AccountSnapshot[];
  /** Oldest first. */
  fills: FillRecord[];
}
