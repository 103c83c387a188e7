import type { Field } from './framing.ts';
import { TO_CLIENT, SERVER_VERSION as V } from './messages.ts';
import type { FakeExecution, FakeOrder } from './model.ts';
import { fromUnits } from './qty.ts';

/**
 * Builders for the messages the fake sends, field for field in the order @stoqey/ib's decoder
 * (and IB's EDecoder) reads them at server version `v`. An extra or missing field would make the
 * library report "unprocessed data" or an underrun, which the fake's own tests watch for.
 */

/** IB's "unset" double: sent as an empty field. */
const UNSET = '';

function contractFields(o: { symbol: string; secType: string; exchange: string; currency: string }, conId: number): Field[] {
  // conId, symbol, secType, lastTradeDate, strike, right, multiplier, exchange, currency, localSymbol, tradingClass
  return [conId, o.symbol, o.secType, '', 0, '', '', o.exchange, o.currency, o.symbol, 'NMS'];
}

/** A stable contract id per symbol, as TWS would give one. */
export function conIdOf(symbol: string): number {
  let hash = 0;
  for (const ch of symbol) hash = (hash * 31 + ch.charCodeAt(0)) % 900_000;
  return 100_000 + hash;
}

const price = (value: number | undefined): Field => (value === undefined ? UNSET : value);

/** openOrder, for an order of the fake's book. */
export function openOrderMessage(v: number, o: FakeOrder): Field[] {
  const f: Field[] = [TO_CLIENT.OPEN_ORDER, o.orderId, ...contractFields(o, conIdOf(o.symbol))];
  f.push(o.action, fromUnits(o.totalQuantity), o.orderType, price(o.lmtPrice), price(o.auxPrice), o.tif, o.ocaGroup, o.account, 'O', 0, o.orderRef);
  f.push(o.clientId, o.permId, o.outsideRth, 0, 0, '', '');
  f.push('', '', '');
  if (v < V.FA_PROFILE_DESUPPORT) f.push('');
  // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode
  f.push('', '', '', UNSET, '', 0, '', -1);
  // auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper, displaySize
  f.push(0, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET);
  // blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap, parentId, triggerMethod
  f.push(0, 0, 0, UNSET, 3, 0, 0, UNSET, o.parentId, 0);
  // volatility, volatilityType, deltaNeutralOrderType (empty: no delta-neutral fields), deltaNeutralAuxPrice, continuousUpdate, referencePriceType
  f.push(UNSET, 0, '', UNSET, 0, 0);
  f.push(price(o.trailStopPrice), price(o.trailingPercent));
  // basisPoints, basisPointsType, comboLegsDescription, comboLegs, orderComboLegs, smartComboRoutingParams
  f.push(UNSET, UNSET, '', 0, 0, 0);
  // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement (unset: no further scale fields)
  f.push(UNSET, UNSET, UNSET);
  // hedgeType (empty: no hedgeParam), optOutSmartRouting, clearingAccount, clearingIntent, notHeld, deltaNeutralContract, algoStrategy (empty)
  f.push('', 0, '', '', 0, 0, '');
  f.push(0); // solicited
  // whatIf, status, six margin fields before/change, three after, commission, min, max, commissionCurrency, warningText
  f.push(0, o.status, '', '', '', '', '', '', '', '', '', UNSET, UNSET, UNSET, '', '');
  f.push(0, 0); // randomizeSize, randomizePrice
  f.push(0); // conditions (none: no conditionsIgnoreRth / conditionsCancelOrder)
  // adjustedOrderType, triggerPrice, trailStopPrice (again), lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice, adjustedTrailingAmount, adjustableTrailingUnit
  f.push('', UNSET, price(o.trailStopPrice), UNSET, UNSET, UNSET, UNSET, 0);
  f.push('', '', ''); // softDollarTier name, value, displayName
  f.push(UNSET); // cashQty
  f.push(0, 0, 0, 0); // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
  f.push(UNSET, UNSET, 0); // duration, postToAts, autoCancelParent
  if (v >= V.PEGBEST_PEGMID_OFFSETS) f.push(UNSET, UNSET, UNSET, UNSET, UNSET);
  if (v >= V.CUSTOMER_ACCOUNT) f.push('');
  if (v >= V.PROFESSIONAL_CUSTOMER) f.push(0);
  if (v >= V.BOND_ACCRUED_INTEREST) f.push('');
  if (v >= V.INCLUDE_OVERNIGHT) f.push(0);
  if (v >= V.CME_TAGGING_FIELDS_IN_OPEN_ORDER) f.push('', UNSET);
  return f;
}

/**
 * completedOrder: an order that ended (filled, canceled, inactive), without its order id (TWS
 * identifies completed orders by permId), fields as the library's decoder reads them.
 */
export function completedOrderMessage(v: number, o: FakeOrder, completedTime: Date): Field[] {
  const f: Field[] = [TO_CLIENT.COMPLETED_ORDER, ...contractFields(o, conIdOf(o.symbol))];
  f.push(o.action, fromUnits(o.totalQuantity), o.orderType, price(o.lmtPrice), price(o.auxPrice), o.tif, o.ocaGroup, o.account, 'O', 0, o.orderRef);
  f.push(o.permId, o.outsideRth, 0, 0, ''); // permId, outsideRth, hidden, discretionaryAmt, goodAfterTime
  f.push('', '', ''); // faGroup, faMethod, faPercentage
  f.push('', '', '', UNSET, '', 0, '', -1); // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode
  f.push(UNSET, UNSET, UNSET, UNSET, UNSET, UNSET); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper, displaySize
  f.push(0, 0, UNSET, 3, 0); // sweepToFill, allOrNone, minQty, ocaType, triggerMethod
  f.push(UNSET, 0, '', UNSET, 0, 0); // volatility, volatilityType, deltaNeutralOrderType (empty), deltaNeutralAuxPrice, continuousUpdate, referencePriceType
  f.push(price(o.trailStopPrice), price(o.trailingPercent));
  f.push('', 0, 0, 0); // comboLegsDescription, comboLegs, orderComboLegs, smartComboRoutingParams
  f.push(UNSET, UNSET, UNSET); // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
  f.push('', '', '', 0, 0, '', 0); // hedgeType, clearingAccount, clearingIntent, notHeld, deltaNeutralContract, algoStrategy, solicited
  f.push(o.status, 0, 0, 0); // status, randomizeSize, randomizePrice, conditions
  f.push(price(o.trailStopPrice), UNSET, UNSET); // trailStopPrice, lmtPriceOffset, cashQty
  f.push(0, 0, '', fromUnits(o.filled), 0, 0, '', 0, 0, 0); // dontUseAutoPriceForHedge, isOmsContainer, autoCancelDate, filledQuantity, refFuturesConId, autoCancelParent, shareholder, imbalanceOnly, routeMarketableToBbo, parentPermId
  f.push(ibTime(completedTime).replace('-', ' '), o.status); // completedTime, completedStatus
  if (v >= V.PEGBEST_PEGMID_OFFSETS) f.push(UNSET, UNSET, UNSET, UNSET, UNSET);
  if (v >= V.CUSTOMER_ACCOUNT) f.push('');
  if (v >= V.PROFESSIONAL_CUSTOMER) f.push(0);
  return f;
}

/** orderStatus (no version field: server versions >= MARKET_CAP_PRICE). */
export function orderStatusMessage(o: FakeOrder): Field[] {
  const avg = o.filled > 0n ? o.notionalFilled / Number(fromUnits(o.filled)) : 0;
  const remaining = o.status === 'Cancelled' || o.status === 'Inactive' ? 0n : o.totalQuantity - o.filled;
  return [TO_CLIENT.ORDER_STATUS, o.orderId, o.status, fromUnits(o.filled), fromUnits(remaining), avg, o.permId, o.parentId, o.lastFillPrice, o.clientId, '', 0];
}

/** execDetails (no version field: server versions >= LAST_LIQUIDITY). */
export function executionMessage(v: number, reqId: number, e: FakeExecution): Field[] {
  const f: Field[] = [TO_CLIENT.EXECUTION_DATA, reqId, e.orderId, ...contractFields({ symbol: e.symbol, secType: 'STK', exchange: 'SMART', currency: 'USD' }, conIdOf(e.symbol))];
  f.push(e.execId, ibTime(e.time), e.account, 'ISLAND', e.side, fromUnits(e.shares), e.price, e.permId, e.clientId, 0);
  f.push(fromUnits(e.cumQty), e.avgPrice, e.orderRef, '', UNSET, '', 1);
  if (v >= V.PENDING_PRICE_REVISION) f.push(0);
  return f;
}

export function commissionMessage(e: FakeExecution): Field[] {
  return [TO_CLIENT.COMMISSION_REPORT, 1, e.execId, e.commission, 'USD', UNSET, UNSET, ''];
}

export function positionMessage(account: string, symbol: string, position: bigint, avgCost: number): Field[] {
  return [TO_CLIENT.POSITION, 3, account, ...contractFields({ symbol, secType: 'STK', exchange: '', currency: 'USD' }, conIdOf(symbol)), fromUnits(position), avgCost];
}

/** error: `id` -1 for messages about the connection (the library reports those as info). */
export function errorMessage(v: number, id: number, code: number, text: string): Field[] {
  const f: Field[] = [TO_CLIENT.ERR_MSG, 2, id, code, text];
  if (v >= 166) f.push('');
  return f;
}

export function tickPriceMessage(reqId: number, tickType: number, value: number): Field[] {
  return [TO_CLIENT.TICK_PRICE, 3, reqId, tickType, value, '', 0];
}

export function tickSizeMessage(reqId: number, tickType: number, size: string): Field[] {
  return [TO_CLIENT.TICK_SIZE, 6, reqId, tickType, size];
}

/** IB's execution time: `yyyymmdd-hh:mm:ss` in UTC. */
export function ibTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}
