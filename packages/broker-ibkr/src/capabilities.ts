import { InvalidOrderError, type Capabilities, type OrderRequest, type TimeInForce } from '@invest/broker-core';
import { TimeInForce as IbTimeInForce } from '@stoqey/ib';

/**
 * What the adapter offers through TWS (US stocks, SMART routing). Checked by core before any
 * message is sent: anything outside it is a `NotSupportedError` with nothing sent.
 *
 * - No `cls` time in force: IB has no at-the-close TIF (it is an order type, MOC/LOC).
 * - Whole shares only: fractional orders through the API need a permission most accounts lack.
 * - No notional orders (IB's `cashQty` is for a few products only).
 * - Brackets and OTO through `parentId` / `transmit`; OCO through an OCA group.
 */
export const IBKR_CAPABILITIES: Readonly<Capabilities> = Object.freeze<Capabilities>({
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'ioc', 'fok', 'opg'],
  orderClasses: ['simple', 'bracket', 'oco', 'oto'],
  fractional: false,
  notional: false,
  shortSelling: true,
  extendedHours: true,
  replace: true,
  trailPercent: true,
  trailPrice: true,
  streaming: true,
  paper: true,
  /** Carried in `orderRef`, which TWS shows in its order ref column; kept short and plain. */
  clientOrderId: { maxLength: 40, charset: 'A-Za-z0-9._:-' },
});

/** Core time in force -> IB's `tif`, as a table (IB names: DAY, GTC, IOC, FOK, OPG). */
export const IBKR_TIF: Readonly<Partial<Record<TimeInForce, IbTimeInForce>>> = {
  day: IbTimeInForce.DAY,
  gtc: IbTimeInForce.GTC,
  ioc: IbTimeInForce.IOC,
  fok: IbTimeInForce.FOK,
  opg: IbTimeInForce.OPG,
};

/** One rule the adapter puts on order combinations beyond the core model, as data. */
interface OrderRule {
  field: string;
  broken: (req: OrderRequest) => boolean;
  message: (req: OrderRequest) => string;
}

/**
 * How the core's linked orders map onto IB's: an OCO is its take-profit limit (carrying the
 * client order id) and a stop in one OCA group, so the request is that limit.
 */
export const IBKR_ORDER_RULES: readonly OrderRule[] = [
  {
    field: 'type',
    broken: (r) => r.orderClass === 'oco' && r.type !== 'limit',
    message: (r) => `must be limit on an oco order (the take-profit's limit), got ${r.type}`,
  },
  {
    field: 'limitPrice',
    broken: (r) => r.orderClass === 'oco' && r.limitPrice !== r.takeProfit?.limitPrice,
    message: (r) => `must equal takeProfit.limitPrice ${r.takeProfit?.limitPrice} on an oco order, got ${r.limitPrice}`,
  },
];

/**
 * Throws `InvalidOrderError` (outcome denied, nothing sent) for the first IBKR rule the request
 * breaks.
 *
 * @example
 * ```ts
 * assertIbkrRules(parseOrderRequest({ symbol: 'AAPL', side: 'sell', quantity: 1, orderClass: 'oco', takeProfit: { limitPrice: 120 }, stopLoss: { stopPrice: 90 } }))
 * // InvalidOrderError: type: must be limit on an oco order (the take-profit's limit), got market
 * ```
 */
export function assertIbkrRules(req: OrderRequest): void {
  const broken = IBKR_ORDER_RULES.find((rule) => rule.broken(req));
  if (broken) {
    throw new InvalidOrderError(`Invalid order: ${broken.field}: ${broken.message(req)}`, { field: broken.field, broker: 'ibkr', outcome: 'denied' });
  }
}
