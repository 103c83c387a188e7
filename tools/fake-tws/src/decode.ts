import { FieldReader } from './framing.ts';
import { SERVER_VERSION as V } from './messages.ts';

/** The part of a placeOrder the fake acts on. */
export interface PlaceOrderFields {
  orderId: number;
  symbol: string;
  secType: string;
  exchange: string;
  currency: string;
  action: string;
  totalQuantity: string;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  account: string;
  orderRef: string;
  transmit: boolean;
  parentId: number;
  outsideRth: boolean;
  trailStopPrice: number | undefined;
  trailingPercent: number | undefined;
}

/**
 * Reads a placeOrder (message id already read) as @stoqey/ib's encoder writes it at server
 * version `v` >= ORDER_CONTAINER (no version field), up to the trailing-stop fields; the rest of
 * the message (scale, hedge, algo, conditions...) is not used by the fake.
 */
export function readPlaceOrder(v: number, r: FieldReader): PlaceOrderFields {
  const orderId = r.int();
  r.skip(1); // conId
  const symbol = r.str();
  const secType = r.str();
  r.skip(4); // lastTradeDateOrContractMonth, strike, right, multiplier
  const exchange = r.str();
  r.skip(1); // primaryExch
  const currency = r.str();
  r.skip(4); // localSymbol, tradingClass, secIdType, secId
  const action = r.str();
  const totalQuantity = r.str();
  const orderType = r.str();
  const lmtPrice = r.num();
  const auxPrice = r.num();
  const tif = r.str();
  const ocaGroup = r.str();
  const account = r.str();
  r.skip(2); // openClose, origin
  const orderRef = r.str();
  const transmit = r.bool();
  const parentId = r.int();
  r.skip(4); // blockOrder, sweepToFill, displaySize, triggerMethod
  const outsideRth = r.bool();
  r.skip(1); // hidden
  // shares allocation, discretionaryAmt, goodAfterTime, goodTillDate, faGroup, faMethod, faPercentage
  r.skip(7);
  if (v < V.FA_PROFILE_DESUPPORT) r.skip(1);
  // modelCode, shortSaleSlot, designatedLocation, exemptCode, ocaType, rule80A, settlingFirm,
  // allOrNone, minQty, percentOffset, eTradeOnly, firmQuoteOnly, nbboPriceCap, auctionStrategy,
  // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper,
  // overridePercentageConstraints, volatility, volatilityType
  r.skip(22);
  const deltaNeutralOrderType = r.str();
  r.skip(1); // deltaNeutralAuxPrice
  if (deltaNeutralOrderType !== '') r.skip(8);
  r.skip(2); // continuousUpdate, referencePriceType
  const trailStopPrice = r.num();
  const trailingPercent = r.num();
  return {
    orderId, symbol, secType, exchange, currency, action, totalQuantity, orderType, lmtPrice, auxPrice, tif, ocaGroup,
    account, orderRef, transmit, parentId, outsideRth, trailStopPrice, trailingPercent,
  };
}

/** cancelOrder: the order id (the version field went away at CME_TAGGING_FIELDS). */
export function readCancelOrder(v: number, r: FieldReader): number {
  if (v < V.CME_TAGGING_FIELDS) r.skip(1);
  return r.int();
}

/** reqMktData: request id, symbol and whether a snapshot was asked for. */
export function readMarketDataRequest(r: FieldReader): { reqId: number; symbol: string; snapshot: boolean } {
  r.skip(1); // version
  const reqId = r.int();
  r.skip(1); // conId
  const symbol = r.str();
  const secType = r.str();
  r.skip(10); // lastTradeDate, strike, right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass, (not BAG) deltaNeutral flag
  if (secType === 'BAG') throw new Error('fake-tws: combo market data is not supported');
  r.skip(1); // genericTickList
  const snapshot = r.bool();
  return { reqId, symbol, snapshot };
}

/** reqExecutions: request id and the filter's client id, account and time ("" when unset). */
export function readExecutionsRequest(r: FieldReader): { reqId: number; clientId: number; account: string; time: string } {
  r.skip(1); // version
  const reqId = r.int();
  const clientId = r.int();
  const account = r.str();
  const time = r.str();
  return { reqId, clientId, account, time };
}
