import type { OrderReplace, OrderRequest } from '@invest/broker-core';
import { ETRADE_ORDER_TERMS, ETRADE_PRECISION } from '../capabilities.ts';
import type { EtradeOrderBody, EtradePlaceRequest, EtradePreviewRequest, EtradePriceType } from '../schemas/order-body.ts';
import { etradePrice } from './decimal.ts';

/** Core order type -> E*TRADE `priceType`; a trailing stop's type follows its trail (amount or percent). */
function priceType(req: Pick<OrderRequest, 'type' | 'trailPercent'>): EtradePriceType {
  switch (req.type) {
    case 'market':
      return 'MARKET';
    case 'limit':
      return 'LIMIT';
    case 'stop':
      return 'STOP';
    case 'stop_limit':
      return 'STOP_LIMIT';
    case 'trailing_stop':
      return req.trailPercent !== undefined ? 'TRAILING_STOP_PRCT' : 'TRAILING_STOP_CNST';
  }
}

const price = (value: number, field: string): number => etradePrice(value, field, ETRADE_PRECISION.price(value));

/**
 * The `Order` element of a preview for a core request (v1-facts §5.4): one equity instrument,
 * BUY or SELL, the term from `ETRADE_ORDER_TERMS`, and only the prices the price type needs. A
 * trailing stop carries its trail as `offsetType` / `offsetValue` (the docs' model; which field the
 * server reads is unconfirmed, v1-facts §5.4).
 *
 * @example
 * ```ts
 * toEtradeOrder(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 5, type: 'limit', limitPrice: 150 }))
 * // { allOrNone: false, priceType: 'LIMIT', orderTerm: 'GOOD_FOR_DAY', marketSession: 'REGULAR', limitPrice: 150, Instrument: [...] }
 * ```
 */
export function toEtradeOrder(req: OrderRequest): EtradeOrderBody {
  const type = priceType(req);
  const body: EtradeOrderBody = {
    allOrNone: false,
    priceType: type,
    orderTerm: ETRADE_ORDER_TERMS[req.timeInForce as keyof typeof ETRADE_ORDER_TERMS],
    marketSession: req.extendedHours ? 'EXTENDED' : 'REGULAR',
    Instrument: [
      {
        Product: { securityType: 'EQ', symbol: req.symbol },
        orderAction: req.side === 'buy' ? 'BUY' : 'SELL',
        quantityType: 'QUANTITY',
        quantity: req.quantity as number,
      },
    ],
  };
  if (req.limitPrice !== undefined && (req.type === 'limit' || req.type === 'stop_limit')) body.limitPrice = price(req.limitPrice, 'limitPrice');
  if (req.stopPrice !== undefined && (req.type === 'stop' || req.type === 'stop_limit')) body.stopPrice = price(req.stopPrice, 'stopPrice');
  if (type === 'TRAILING_STOP_PRCT') {
    body.offsetType = 'TRAILING_STOP_PRCT';
    body.offsetValue = etradePrice(req.trailPercent as number, 'trailPercent', ETRADE_PRECISION.trailPercent);
  } else if (type === 'TRAILING_STOP_CNST') {
    body.offsetType = 'TRAILING_STOP_CNST';
    body.offsetValue = price(req.trailPrice as number, 'trailPrice');
  }
  return body;
}

/**
 * The preview body: order type EQ, E*TRADE's client order id, one `Order`.
 *
 * @example
 * ```ts
 * toPreviewRequest(req, etradeClientOrderId(req.clientOrderId))
 * ```
 */
export function toPreviewRequest(req: OrderRequest, clientOrderId: string): EtradePreviewRequest {
  return { PreviewOrderRequest: { orderType: 'EQ', clientOrderId, Order: [toEtradeOrder(req)] } };
}

/**
 * The place body for a preview: exactly the previewed fields, plus `PreviewIds` (v1-facts §5.6:
 * orderType, clientOrderId and Order must match the preview). Built from the preview body itself,
 * never from the request again, so nothing can drift between the two.
 *
 * @example
 * ```ts
 * toPlaceRequest(preview, 266606056106)
 * ```
 */
export function toPlaceRequest(preview: EtradePreviewRequest, previewId: number): EtradePlaceRequest {
  return { PlaceOrderRequest: { ...preview.PreviewOrderRequest, PreviewIds: [{ previewId }] } };
}

/**
 * The request a change describes: the working order as known, with the changed fields over it.
 *
 * @example
 * ```ts
 * changedRequest(current, { limitPrice: 101 })
 * ```
 */
export function changedRequest(current: OrderRequest, changes: OrderReplace): OrderRequest {
  const next: OrderRequest = { ...current };
  if (changes.quantity !== undefined) next.quantity = changes.quantity;
  if (changes.limitPrice !== undefined) next.limitPrice = changes.limitPrice;
  if (changes.stopPrice !== undefined) next.stopPrice = changes.stopPrice;
  if (changes.timeInForce !== undefined) next.timeInForce = changes.timeInForce;
  if (changes.trailPrice !== undefined) {
    next.trailPrice = changes.trailPrice;
    delete next.trailPercent;
  }
  if (changes.trailPercent !== undefined) {
    next.trailPercent = changes.trailPercent;
    delete next.trailPrice;
  }
  if (changes.clientOrderId !== undefined) next.clientOrderId = changes.clientOrderId;
  return next;
}
