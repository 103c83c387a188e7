/** What the fake keeps about one order, in IB's terms. Quantities are units of 1e-8 (see qty.ts). */
export interface FakeOrder {
  orderId: number;
  clientId: number;
  permId: number;
  account: string;
  symbol: string;
  secType: string;
  exchange: string;
  currency: string;
  /** BUY or SELL. */
  action: string;
  totalQuantity: bigint;
  /** MKT, LMT, STP, STP LMT, TRAIL. */
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  trailStopPrice: number | undefined;
  trailingPercent: number | undefined;
  tif: string;
  ocaGroup: string;
  orderRef: string;
  /** False while TWS holds it unsent, waiting for a later order of its group with transmit on. */
  transmit: boolean;
  parentId: number;
  outsideRth: boolean;
  /** IB status: PreSubmitted, Submitted, Filled, Cancelled, Inactive, PendingCancel; `Staged` while not transmitted. */
  status: string;
  filled: bigint;
  /** Sum of price x units of every fill, for the average. */
  notionalFilled: number;
  lastFillPrice: number;
  /** Extreme price seen since placing (trailing stops follow it). */
  watermark: number | undefined;
}

/** One execution (execDetails), with its commission. */
export interface FakeExecution {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  account: string;
  symbol: string;
  side: 'BOT' | 'SLD';
  shares: bigint;
  price: number;
  cumQty: bigint;
  avgPrice: number;
  orderRef: string;
  time: Date;
  commission: number;
}

/** A quote the fake's market holds for one symbol. */
export interface FakeQuote {
  bid?: number;
  ask?: number;
  last?: number;
}

/** What market data a connection may have: live, delayed only, or none at all. */
export type DataSubscription = 'live' | 'delayed' | 'none';
