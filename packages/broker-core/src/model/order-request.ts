import { z } from 'zod';
import { OrderClass, OrderSide, OrderType, TimeInForce } from './enums.ts';
import { describe, positiveNumber, symbolSchema } from './primitives.ts';

/** Take-profit leg of a bracket / OCO / OTO: a limit order on the exit side. */
export const TakeProfitLeg = z.strictObject({ limitPrice: positiveNumber });
export type TakeProfitLeg = z.infer<typeof TakeProfitLeg>;

/** Stop-loss leg: a stop (or stop-limit, with `limitPrice`) order on the exit side. */
export const StopLossLeg = z.strictObject({ stopPrice: positiveNumber, limitPrice: positiveNumber.optional() });
export type StopLossLeg = z.infer<typeof StopLossLeg>;

/** Characters a client order id may hold before a broker's own rules narrow them. */
const clientOrderIdSchema = z
  .string({ error: (i) => `must be a string, got ${describe(i.input)}` })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })
  .regex(/^[A-Za-z0-9._:\-]+$/, { error: (i) => `may hold only letters, digits and . _ : -, got ${describe(i.input)}` });

const orderRequestShape = z.strictObject({
  symbol: symbolSchema,
  side: OrderSide,
  quantity: positiveNumber.optional(),
  notional: positiveNumber.optional(),
  type: OrderType.default('market'),
  timeInForce: TimeInForce.default('day'),
  limitPrice: positiveNumber.optional(),
  stopPrice: positiveNumber.optional(),
  trailPrice: positiveNumber.optional(),
  trailPercent: positiveNumber.lt(100, { error: (i) => `must be below 100, got ${describe(i.input)}` }).optional(),
  extendedHours: z.boolean({ error: (i) => `must be true or false, got ${describe(i.input)}` }).default(false),
  clientOrderId: clientOrderIdSchema.optional(),
  orderClass: OrderClass.default('simple'),
  takeProfit: TakeProfitLeg.optional(),
  stopLoss: StopLossLeg.optional(),
});

type Shape = z.infer<typeof orderRequestShape>;

/** Which price fields each order type needs (true) or must not have (false). */
const PRICE_RULES: Record<OrderType, { limitPrice: boolean; stopPrice: boolean; trail: boolean }> = {
  market: { limitPrice: false, stopPrice: false, trail: false },
  limit: { limitPrice: true, stopPrice: false, trail: false },
  stop: { limitPrice: false, stopPrice: true, trail: false },
  stop_limit: { limitPrice: true, stopPrice: true, trail: false },
  trailing_stop: { limitPrice: false, stopPrice: false, trail: true },
};

function crossFieldRules(req: Shape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message, input: path.reduce<unknown>((v, k) => (v as never)?.[k], req) });
  };
  const hasQty = req.quantity !== undefined;
  const hasNotional = req.notional !== undefined;
  if (hasQty === hasNotional) {
    issue([hasQty ? 'notional' : 'quantity'], hasQty ? 'cannot be given together with quantity' : 'is required (or give notional)');
  }
  if (hasNotional && req.type !== 'market') issue(['notional'], `is allowed only on market orders, not ${req.type}`);

  const rules = PRICE_RULES[req.type];
  if (rules) {
    for (const field of ['limitPrice', 'stopPrice'] as const) {
      const given = req[field] !== undefined;
      if (rules[field] && !given) issue([field], `is required for a ${req.type} order`);
      if (!rules[field] && given) issue([field], `is not allowed on a ${req.type} order`);
    }
    const trails = Number(req.trailPrice !== undefined) + Number(req.trailPercent !== undefined);
    if (rules.trail && trails !== 1) {
      issue([req.trailPrice !== undefined ? 'trailPercent' : 'trailPrice'], trails === 0
        ? 'is required for a trailing_stop order (or give trailPercent)'
        : 'cannot be given together with trailPrice');
    }
    if (!rules.trail && trails > 0) {
      issue([req.trailPrice !== undefined ? 'trailPrice' : 'trailPercent'], `is not allowed on a ${req.type} order`);
    }
  }
  if (req.type === 'stop_limit' && req.limitPrice !== undefined && req.stopPrice !== undefined) {
    // A buy stop-limit triggers on the way up and buys at most the limit; selling mirrors it.
    if (req.side === 'buy' ? req.limitPrice < req.stopPrice : req.limitPrice > req.stopPrice) {
      issue(['limitPrice'], `must be ${req.side === 'buy' ? 'at or above' : 'at or below'} stopPrice ${req.stopPrice} for a ${req.side} stop_limit order, got ${req.limitPrice}`);
    }
  }
  if (req.extendedHours && req.type !== 'limit') issue(['extendedHours'], `is allowed only on limit orders, not ${req.type}`);
  if (req.extendedHours && req.timeInForce !== 'day') {
    issue(['extendedHours'], `needs timeInForce day, not ${req.timeInForce}`);
  }

  legRules(req, issue);
}

function legRules(req: Shape, issue: (path: (string | number)[], message: string) => void): void {
  const { orderClass, takeProfit, stopLoss } = req;
  if (orderClass === 'simple') {
    if (takeProfit) issue(['takeProfit'], 'is allowed only on bracket, oco or oto orders');
    if (stopLoss) issue(['stopLoss'], 'is allowed only on bracket, oco or oto orders');
    return;
  }
  if (orderClass === 'bracket' || orderClass === 'oco') {
    if (!takeProfit) issue(['takeProfit'], `is required for a ${orderClass} order`);
    if (!stopLoss) issue(['stopLoss'], `is required for a ${orderClass} order`);
  }
  if (orderClass === 'oto' && Boolean(takeProfit) === Boolean(stopLoss)) {
    issue([takeProfit ? 'stopLoss' : 'takeProfit'], takeProfit
      ? 'cannot be given together with takeProfit on an oto order (one leg only)'
      : 'is required for an oto order (or give stopLoss)');
  }
  if (req.notional !== undefined) issue(['notional'], `is not allowed on a ${orderClass} order`);
  // Exit legs sit on the far side of the entry: for a long entry (buy) the take-profit is above
  // and the stop below; for a short entry (sell) the other way round.
  // For oco, `side` is the side of the two exit legs themselves: a sell oco protects a long, so
  // its take-profit is above its stop, as for the exits of a buy entry.
  const up = (orderClass === 'oco' ? req.side === 'sell' : req.side === 'buy') ? 1 : -1;
  const entry = req.type === 'limit' || req.type === 'stop_limit' ? req.limitPrice : req.type === 'stop' ? req.stopPrice : undefined;
  const words = up === 1 ? ['above', 'below'] : ['below', 'above'];
  if (orderClass !== 'oco' && entry !== undefined) {
    if (takeProfit && (takeProfit.limitPrice - entry) * up <= 0) {
      issue(['takeProfit', 'limitPrice'], `must be ${words[0]} the entry price ${entry} for a ${req.side} ${orderClass} order, got ${takeProfit.limitPrice}`);
    }
    if (stopLoss && (stopLoss.stopPrice - entry) * up >= 0) {
      issue(['stopLoss', 'stopPrice'], `must be ${words[1]} the entry price ${entry} for a ${req.side} ${orderClass} order, got ${stopLoss.stopPrice}`);
    }
  }
  if (takeProfit && stopLoss && (takeProfit.limitPrice - stopLoss.stopPrice) * up <= 0) {
    issue(['stopLoss', 'stopPrice'], `must be ${words[1]} takeProfit.limitPrice ${takeProfit.limitPrice}, got ${stopLoss.stopPrice}`);
  }
  if (stopLoss?.limitPrice !== undefined && (stopLoss.stopPrice - stopLoss.limitPrice) * up < 0) {
    issue(['stopLoss', 'limitPrice'], `must be ${up === 1 ? 'at or below' : 'at or above'} stopLoss.stopPrice ${stopLoss.stopPrice}, got ${stopLoss.limitPrice}`);
  }
}

/**
 * An order as the caller describes it. Exactly one of `quantity` / `notional`; the price fields
 * the `type` needs and no others; legs only on bracket / oco / oto, on the right side of the
 * entry. For `oco`, `side` is the side of both exit legs (e.g. `sell` to protect a long).
 */
export const OrderRequestSchema = orderRequestShape.superRefine(crossFieldRules);

/** What a caller may pass in (defaults not yet applied, clientOrderId optional). */
export type OrderRequestInput = z.input<typeof OrderRequestSchema>;

/** A parsed request: defaults applied and `clientOrderId` always set. */
export type OrderRequest = z.output<typeof OrderRequestSchema> & { clientOrderId: string };

declare const parsedBrand: unique symbol;

/**
 * An `OrderRequest` that went through `parseOrderRequest` (or was derived from one by
 * `deriveOrderRequest`): frozen, trusted, and never parsed again. Adapters receive this type, so
 * an adapter cannot be handed an unchecked object by the type system.
 */
export type ParsedOrderRequest = Readonly<OrderRequest> & { readonly [parsedBrand]: true };

/** Fields a replace may change. At least one must be given. */
export const OrderReplaceSchema = z
  .strictObject({
    quantity: positiveNumber.optional(),
    limitPrice: positiveNumber.optional(),
    stopPrice: positiveNumber.optional(),
    trailPrice: positiveNumber.optional(),
    trailPercent: positiveNumber.optional(),
    timeInForce: TimeInForce.optional(),
    clientOrderId: clientOrderIdSchema.optional(),
  })
  .refine((r) => Object.values(r).some((v) => v !== undefined), { error: 'must change at least one field' });
export type OrderReplaceInput = z.input<typeof OrderReplaceSchema>;
export type OrderReplace = z.output<typeof OrderReplaceSchema>;
