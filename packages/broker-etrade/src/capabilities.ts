import { InvalidOrderError, type Capabilities, type OrderRequest, type TimeInForce } from '@invest/broker-core';

/**
 * What this adapter offers on E*TRADE's v1 order API (equities, simple orders). Checked by core
 * before any request: anything outside it is a `NotSupportedError` with nothing sent.
 *
 * - No fractional or notional orders: equity `quantityType` QUANTITY only (DOLLAR is for funds).
 * - No short selling: E*TRADE wants SELL_SHORT / BUY_TO_COVER actions, which depend on the holding;
 *   this adapter sends BUY and SELL only.
 * - No bracket, OCO or OTO: E*TRADE's contingent and bracketed orders are not offered through the API
 *   (v1-facts §5.7).
 * - opg / cls: E*TRADE models them as price types (MARKET_ON_OPEN ...), not terms; not mapped.
 * - Client order ids: any id core accepts; it is mapped to E*TRADE's 20 alphanumerics by
 *   `etradeClientOrderId` (deterministic, so a lookup finds what a send used).
 */
export const ETRADE_CAPABILITIES: Readonly<Capabilities> = Object.freeze<Capabilities>({
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'ioc', 'fok'],
  orderClasses: ['simple'],
  fractional: false,
  notional: false,
  shortSelling: false,
  extendedHours: true,
  replace: true,
  trailPercent: true,
  trailPrice: true,
  streaming: false,
  paper: true,
  clientOrderId: { maxLength: 128, charset: 'A-Za-z0-9._:-' },
});

/** Core time in force -> E*TRADE `orderTerm` (v1-facts §5.7). */
export const ETRADE_ORDER_TERMS = {
  day: 'GOOD_FOR_DAY',
  gtc: 'GOOD_UNTIL_CANCEL',
  ioc: 'IMMEDIATE_OR_CANCEL',
  fok: 'FILL_OR_KILL',
} as const satisfies Partial<Record<TimeInForce, string>>;

/** Price decimals E*TRADE takes for equities: cents at $1 and above, 1/100 cent below. */
export const ETRADE_PRECISION = {
  price: (value: number): number => (value >= 1 ? 2 : 4),
  trailPercent: 2,
} as const;

interface OrderRule {
  field: string;
  broken: (req: OrderRequest) => boolean;
  message: (req: OrderRequest) => string;
}

/**
 * E*TRADE's rules beyond the core model, as data, checked before the preview so a refusal
 * E*TRADE would give is a local `InvalidOrderError` (outcome denied, nothing sent).
 * Sources: v1-facts §5.4 (IOC/FOK on limit orders only, kept by pyetrade from v0); extended-hours
 * sessions take limit day orders only (E*TRADE's extended-hours rules, as clients apply them).
 */
export const ETRADE_ORDER_RULES: readonly OrderRule[] = [
  {
    field: 'timeInForce',
    broken: (r) => (r.timeInForce === 'ioc' || r.timeInForce === 'fok') && r.type !== 'limit',
    message: (r) => `${r.timeInForce} is for limit orders only at E*TRADE, got a ${r.type} order`,
  },
  {
    field: 'extendedHours',
    broken: (r) => r.extendedHours && (r.type !== 'limit' || r.timeInForce !== 'day'),
    message: (r) => `extended-hours orders must be limit day orders at E*TRADE, got ${r.type} ${r.timeInForce}`,
  },
  {
    field: 'quantity',
    broken: (r) => r.quantity === undefined || !Number.isInteger(r.quantity),
    message: (r) => `must be a whole number of shares at E*TRADE, got ${r.quantity}`,
  },
];

/**
 * Throws `InvalidOrderError` (outcome denied, nothing sent) for the first E*TRADE rule the request breaks.
 *
 * @example
 * ```ts
 * assertEtradeRules(parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 1, timeInForce: 'ioc' }))
 * // InvalidOrderError: timeInForce: ioc is for limit orders only at E*TRADE, got a market order
 * ```
 */
export function assertEtradeRules(req: OrderRequest): void {
  const broken = ETRADE_ORDER_RULES.find((rule) => rule.broken(req));
  if (broken) {
    throw new InvalidOrderError(`Invalid order: ${broken.field}: ${broken.message(req)}`, { field: broken.field, broker: 'etrade', outcome: 'denied' });
  }
}
