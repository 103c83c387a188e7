import { InvalidOrderError, type OrderRequest, type OrderSide, type TimeInForce } from '@invest/broker-core';
import type { OrderJsonBody, OrderJsonBodyDuration } from './schema.ts';
import { ORDER_JSON_PRECISION, orderNumber, orderPrice } from './price.ts';

/** What differs between the brokers that share this order JSON: the broker's name and its durations. */
export interface OrderJsonDialect {
  /** Broker type, named in errors (`schwab`, `td`). */
  broker: string;
  /** The duration each time in force becomes; a time in force left out is not offered. */
  durations: Readonly<Partial<Record<TimeInForce, OrderJsonBodyDuration>>>;
  /** How the orders list's `fromEnteredTime` / `toEnteredTime` are written for an epoch-ms time. */
  enteredTime: (ms: number) => string;
}

/** Schwab's durations (Trader API `duration`): day, GTC, FOK and IOC. */
export const SCHWAB_DIALECT: OrderJsonDialect = {
  broker: 'schwab',
  durations: { day: 'DAY', gtc: 'GOOD_TILL_CANCEL', fok: 'FILL_OR_KILL', ioc: 'IMMEDIATE_OR_CANCEL' },
  // The Trader API's documented format, `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (UTC).
  enteredTime: (ms) => new Date(ms).toISOString(),
};

const ORDER_TYPE = { market: 'MARKET', limit: 'LIMIT', stop: 'STOP', stop_limit: 'STOP_LIMIT', trailing_stop: 'TRAILING_STOP' } as const;
const INSTRUCTION = { buy: 'BUY', sell: 'SELL' } as const;
const opposite = (side: OrderSide): OrderSide => (side === 'buy' ? 'sell' : 'buy');

/** The fields of one single order: a simple order, an entry, or one exit of a bracket / OCO / OTO. */
interface SingleOrder {
  side: OrderSide;
  quantity: number;
  type: OrderRequest['type'];
  limitPrice?: number | undefined;
  stopPrice?: number | undefined;
  trailPrice?: number | undefined;
  trailPercent?: number | undefined;
}

function single(req: OrderRequest, order: SingleOrder, dialect: OrderJsonDialect, prefix = ''): OrderJsonBody {
  const { broker } = dialect;
  const duration = dialect.durations[req.timeInForce];
  if (duration === undefined) {
    throw new InvalidOrderError(`Invalid order: timeInForce: ${broker} has no ${req.timeInForce} duration`, { field: 'timeInForce', broker, outcome: 'denied' });
  }
  const body: OrderJsonBody = { session: req.extendedHours ? 'SEAMLESS' : 'NORMAL', duration, orderType: ORDER_TYPE[order.type], orderStrategyType: 'SINGLE' };
  if (order.limitPrice !== undefined && (order.type === 'limit' || order.type === 'stop_limit')) body.price = orderPrice(order.limitPrice, `${prefix}limitPrice`, broker);
  if (order.stopPrice !== undefined && (order.type === 'stop' || order.type === 'stop_limit')) body.stopPrice = orderPrice(order.stopPrice, `${prefix}stopPrice`, broker);
  if (order.type === 'trailing_stop') {
    // The trail follows the side's own quote: a sell trails below the bid, a buy above the ask.
    body.stopPriceLinkBasis = order.side === 'sell' ? 'BID' : 'ASK';
    if (order.trailPercent !== undefined) {
      body.stopPriceLinkType = 'PERCENT';
      body.stopPriceOffset = orderNumber(order.trailPercent, `${prefix}trailPercent`, ORDER_JSON_PRECISION.trailPercent, broker);
    } else {
      body.stopPriceLinkType = 'VALUE';
      body.stopPriceOffset = orderPrice(order.trailPrice ?? 0, `${prefix}trailPrice`, broker);
    }
  }
  body.orderLegCollection = [{ instruction: INSTRUCTION[order.side], quantity: order.quantity, instrument: { symbol: req.symbol, assetType: 'EQUITY' } }];
  return body;
}

function exits(req: OrderRequest, quantity: number, side: OrderSide, dialect: OrderJsonDialect): OrderJsonBody[] {
  const out: OrderJsonBody[] = [];
  if (req.takeProfit) out.push(single(req, { side, quantity, type: 'limit', limitPrice: req.takeProfit.limitPrice }, dialect, 'takeProfit.'));
  if (req.stopLoss) {
    const { stopPrice, limitPrice } = req.stopLoss;
    out.push(single(req, { side, quantity, type: limitPrice === undefined ? 'stop' : 'stop_limit', stopPrice, limitPrice }, dialect, 'stopLoss.'));
  }
  return out;
}

/**
 * A parsed core order request -> the order JSON Schwab's Trader API and TD Ameritrade's API take
 * (`POST /accounts/{account}/orders`, `PUT .../orders/{id}`). Simple orders are one `SINGLE`
 * strategy; a bracket is a `TRIGGER` whose child is an `OCO` of the two exits; an OCO is an `OCO` of
 * its two orders (both on the request's side); an OTO is a `TRIGGER` with its one exit. Trailing
 * stops link to the bid (sell) or ask (buy) by value or percent. Prices are exact JSON numbers.
 *
 * Example of the raw payload built (a buy limit, good till canceled):
 * ```json
 * { "session": "NORMAL", "duration": "GOOD_TILL_CANCEL", "orderType": "LIMIT", "price": 150.25, "orderStrategyType": "SINGLE",
 *   "orderLegCollection": [{ "instruction": "BUY", "quantity": 10, "instrument": { "symbol": "AAPL", "assetType": "EQUITY" } }] }
 * ```
 *
 * @example
 * ```ts
 * toOrderJson(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 10, type: 'limit', limitPrice: 150.25 }), SCHWAB_DIALECT)
 * ```
 */
export function toOrderJson(req: OrderRequest, dialect: OrderJsonDialect): OrderJsonBody {
  const { broker } = dialect;
  if (req.quantity === undefined || !Number.isInteger(req.quantity)) {
    // Core's capabilities refuse notional and fractional orders first; this keeps the body honest.
    throw new InvalidOrderError(`Invalid order: quantity: ${broker} takes whole shares only`, { field: 'quantity', broker, outcome: 'denied' });
  }
  const quantity = req.quantity;
  const entry = (): OrderJsonBody => single(req, { ...req, quantity }, dialect);
  switch (req.orderClass) {
    case 'simple':
      return entry();
    case 'bracket':
      return { ...entry(), orderStrategyType: 'TRIGGER', childOrderStrategies: [{ orderStrategyType: 'OCO', childOrderStrategies: exits(req, quantity, opposite(req.side), dialect) }] };
    case 'oto':
      return { ...entry(), orderStrategyType: 'TRIGGER', childOrderStrategies: exits(req, quantity, opposite(req.side), dialect) };
    case 'oco':
      // The OCO is read back as its take-profit: the request must describe that order.
      if (req.type !== 'limit' || req.limitPrice !== req.takeProfit?.limitPrice) {
        throw new InvalidOrderError(`Invalid order: limitPrice: an oco order is the limit of its take-profit (${req.takeProfit?.limitPrice}) at ${broker}; got ${req.type} at ${req.limitPrice}`, {
          field: 'limitPrice', broker, outcome: 'denied',
        });
      }
      return { orderStrategyType: 'OCO', childOrderStrategies: exits(req, quantity, req.side, dialect) };
  }
}
