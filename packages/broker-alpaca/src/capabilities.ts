import { InvalidOrderError, type Capabilities, type OrderRequest } from '@invest/broker-core';

/**
 * What Alpaca's Trading API (US equities) offers. Checked before any request: anything outside
 * it is a `NotSupportedError` with nothing sent.
 */
export const ALPACA_CAPABILITIES: Readonly<Capabilities> = Object.freeze<Capabilities>({
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'],
  orderClasses: ['simple', 'bracket', 'oco', 'oto'],
  fractional: true,
  /** Alpaca accepts fractional quantities to 9 decimal places. */
  fractionalIncrement: 1e-9,
  notional: true,
  shortSelling: true,
  extendedHours: true,
  replace: true,
  trailPercent: true,
  trailPrice: true,
  streaming: true,
  paper: true,
  /** Alpaca takes up to 128 characters; the core id rules narrow the characters to a safe set. */
  clientOrderId: { maxLength: 128, charset: 'A-Za-z0-9._:-' },
});

/**
 * Capabilities of an instance: streaming only when the config turns the stream on.
 *
 * @example
 * ```ts
 * alpacaCapabilities(false).streaming // false
 * ```
 */
export function alpacaCapabilities(streaming: boolean): Capabilities {
  return streaming ? ALPACA_CAPABILITIES : Object.freeze({ ...ALPACA_CAPABILITIES, streaming: false });
}

/**
 * Decimal places Alpaca accepts: quantities to 9 places, notional amounts to the cent, prices to
 * the cent at $1 and above and to 1/100 of a cent below (Alpaca refuses sub-penny increments).
 */
export const ALPACA_PRECISION = {
  quantity: 9,
  notional: 2,
  price: (value: number): number => (value >= 1 ? 2 : 4),
  trailPercent: 4,
} as const;

/** One rule Alpaca puts on order combinations beyond the core model, as data. */
interface OrderRule {
  /** The request field the refusal names. */
  field: string;
  /** True when the request breaks the rule. */
  broken: (req: OrderRequest) => boolean;
  /** Why, for the error message. */
  message: (req: OrderRequest) => string;
}

const isFractional = (req: OrderRequest): boolean => req.quantity !== undefined && !Number.isInteger(req.quantity);

/**
 * Alpaca's rules on combinations, checked before sending so a refusal Alpaca would give is a
 * local `InvalidOrderError` (outcome denied) naming the field. Sources: Alpaca's order docs
 * (advanced orders take day or gtc and no trailing stop; fractional and notional orders are
 * day orders on simple orders; an OCO is placed as the limit of its take-profit).
 */
export const ALPACA_ORDER_RULES: readonly OrderRule[] = [
  {
    field: 'timeInForce',
    broken: (r) => r.orderClass !== 'simple' && r.timeInForce !== 'day' && r.timeInForce !== 'gtc',
    message: (r) => `must be day or gtc on a ${r.orderClass} order at Alpaca, got ${r.timeInForce}`,
  },
  {
    field: 'type',
    broken: (r) => r.orderClass !== 'simple' && r.type === 'trailing_stop',
    message: (r) => `trailing_stop is not allowed on a ${r.orderClass} order at Alpaca (simple orders only)`,
  },
  {
    field: 'type',
    broken: (r) => r.orderClass === 'oco' && r.type !== 'limit',
    message: (r) => `must be limit on an oco order at Alpaca (the take-profit's limit), got ${r.type}`,
  },
  {
    field: 'limitPrice',
    broken: (r) => r.orderClass === 'oco' && r.limitPrice !== r.takeProfit?.limitPrice,
    message: (r) => `must equal takeProfit.limitPrice ${r.takeProfit?.limitPrice} on an oco order, got ${r.limitPrice}`,
  },
  {
    field: 'quantity',
    broken: (r) => isFractional(r) && r.orderClass !== 'simple',
    message: (r) => `fractional quantities (${r.quantity}) are allowed only on simple orders at Alpaca, not ${r.orderClass}`,
  },
  {
    field: 'timeInForce',
    broken: (r) => (isFractional(r) || r.notional !== undefined) && r.timeInForce !== 'day',
    message: (r) => `must be day for ${r.notional !== undefined ? 'a notional' : 'a fractional'} order at Alpaca, got ${r.timeInForce}`,
  },
];

/**
 * Throws `InvalidOrderError` (outcome denied, nothing sent) for the first Alpaca rule the request
 * breaks.
 *
 * @example
 * ```ts
 * assertAlpacaRules(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 0.5, timeInForce: 'gtc' }))
 * // InvalidOrderError: timeInForce: must be day for a fractional order at Alpaca, got gtc
 * ```
 */
export function assertAlpacaRules(req: OrderRequest): void {
  const broken = ALPACA_ORDER_RULES.find((rule) => rule.broken(req));
  if (broken) {
    throw new InvalidOrderError(`Invalid order: ${broken.field}: ${broken.message(req)}`, {
      field: broken.field,
      broker: 'alpaca',
      outcome: 'denied',
    });
  }
}
