import {
  ErrorCode,
  generateClientOrderId,
  InvalidOrderError,
  NotSupportedError,
  OrderClass,
  OrderType,
  TimeInForce,
  type Capabilities,
  type OrderRequestInput,
} from '@invest/broker-core';
import fc from 'fast-check';
import type { ConformanceCase } from '../case.ts';
import type { ConformanceContext } from '../context.ts';
import { expectBrokerError } from '../expect-error.ts';
import { check } from '../failure.ts';
import { away } from '../prices.ts';

/** A request the core model refuses, and the field(s) an `InvalidOrderError` may name for it. */
export interface InvalidRequest {
  label: string;
  request: Record<string, unknown>;
  fields: readonly string[];
  /** False where the request's own clientOrderId is the invalid part (no lookup by it afterwards). */
  lookup: boolean;
}

/** A client order id one character longer than the broker allows, in its charset. */
function tooLongClientOrderId(caps: Capabilities): string {
  let id = '';
  while (id.length <= caps.clientOrderId.maxLength) id += generateClientOrderId(caps.clientOrderId);
  return id.slice(0, caps.clientOrderId.maxLength + 1);
}

/**
 * Invalid order requests for a broker with these capabilities, each with the field the refusal
 * must name. Only types and classes the broker supports are used, so the answer cannot be
 * "not supported" instead.
 *
 * @example
 * ```ts
 * for (const { request, fields } of invalidRequests(caps, 'AAPL', 180)) ...
 * ```
 */
export function invalidRequests(caps: Capabilities, symbol: string, ref: number, timeInForce: string): InvalidRequest[] {
  const base = { symbol, side: 'buy', type: 'market', quantity: 3, timeInForce };
  const out: InvalidRequest[] = [];
  const add = (label: string, request: Record<string, unknown>, fields: readonly string[], lookup = true): void => {
    out.push({ label, request, fields, lookup });
  };
  const { quantity: _quantity, ...noQuantity } = base;
  const { symbol: _symbol, ...noSymbol } = base;
  add('negative quantity', { ...base, quantity: -3 }, ['quantity']);
  add('zero quantity', { ...base, quantity: 0 }, ['quantity']);
  add('NaN quantity', { ...base, quantity: Number.NaN }, ['quantity']);
  add('infinite quantity', { ...base, quantity: Number.POSITIVE_INFINITY }, ['quantity']);
  add('quantity as a string', { ...base, quantity: '3' }, ['quantity']);
  add('neither quantity nor notional', noQuantity, ['quantity', 'notional']);
  add('misspelled field qty', { ...noQuantity, qty: 3 }, ['qty', 'quantity']);
  add('empty symbol', { ...base, symbol: '' }, ['symbol']);
  add('no symbol', noSymbol, ['symbol']);
  add('unknown side', { ...base, side: 'hold' }, ['side']);
  add('unknown order type', { ...base, type: 'moon' }, ['type']);
  add('unknown time in force', { ...base, timeInForce: 'forever' }, ['timeInForce']);
  add('limitPrice on a market order', { ...base, limitPrice: away(ref, 0.5) }, ['limitPrice']);
  add('takeProfit on a simple order', { ...base, takeProfit: { limitPrice: away(ref, 1.5) } }, ['takeProfit']);
  add('client order id too long', { ...base, clientOrderId: tooLongClientOrderId(caps) }, ['clientOrderId'], false);
  add('client order id with a space and !', { ...base, clientOrderId: 'bad id!' }, ['clientOrderId'], false);
  if (caps.orderTypes.includes('limit')) {
    add('limit without limitPrice', { ...base, type: 'limit' }, ['limitPrice']);
    add('negative limitPrice', { ...base, type: 'limit', limitPrice: -1 }, ['limitPrice']);
  }
  if (caps.orderTypes.includes('stop')) add('stop without stopPrice', { ...base, type: 'stop' }, ['stopPrice']);
  if (caps.orderTypes.includes('stop_limit')) {
    add('buy stop-limit with its limit under its stop', { ...base, type: 'stop_limit', stopPrice: away(ref, 1.5), limitPrice: away(ref, 1.4) }, ['limitPrice']);
  }
  if (caps.orderTypes.includes('trailing_stop') && caps.trailPrice && caps.trailPercent) {
    add('trailing stop with both trailPrice and trailPercent', { ...base, type: 'trailing_stop', trailPrice: 5, trailPercent: 5 }, ['trailPrice', 'trailPercent']);
  }
  if (caps.orderClasses.includes('bracket') && caps.orderTypes.includes('limit')) {
    add('bracket take-profit under its buy entry', {
      ...base, type: 'limit', limitPrice: away(ref, 0.5), orderClass: 'bracket',
      takeProfit: { limitPrice: away(ref, 0.45) }, stopLoss: { stopPrice: away(ref, 0.4) },
    }, ['takeProfit.limitPrice']);
  }
  if (caps.notional) add('quantity and notional together', { ...base, notional: 100 }, ['notional', 'quantity']);
  return out;
}

/** Values that are not a quantity (or a price) by any reading. */
const notAPositiveNumber = fc.oneof(
  fc.double({ max: 0 }),
  fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, undefined, true, '1', [], {}),
  fc.string(),
);

/** Fixed seed: a failure names the value, and the same values are tried on every run. */
const SAMPLES = { seed: 20_261_125, numRuns: 25 } as const;

async function expectDenied(ctx: ConformanceContext, invalid: InvalidRequest): Promise<void> {
  const what = `invalid input (${invalid.label})`;
  const error = await expectBrokerError(() => ctx.broker.submitOrder(invalid.request as OrderRequestInput), InvalidOrderError, ErrorCode.INVALID_ORDER, what);
  check(error.field !== undefined && invalid.fields.includes(error.field),
    `${what}: InvalidOrderError.field is ${error.field ?? 'unset'}, expected ${invalid.fields.join(' or ')}`);
  check(error.outcome === 'denied', `${what}: outcome is ${error.outcome ?? 'unset'}, expected denied (refused before anything was sent)`);
  const clientOrderId = invalid.request.clientOrderId;
  if (invalid.lookup && typeof clientOrderId === 'string') {
    const found = await ctx.broker.findOrderByClientId(clientOrderId);
    check(found === undefined, `${what} was refused, yet order ${found?.id} exists with its clientOrderId ${clientOrderId}`);
  }
}

/** Snapshot of what would change if something had been sent. */
async function footprint(ctx: ConformanceContext): Promise<{ orders: number; sent: number | undefined; position: number }> {
  return { orders: await ctx.countOrders(), sent: ctx.requestsSent(), position: await ctx.positionQuantity() };
}

async function expectNothingSent(ctx: ConformanceContext, before: Awaited<ReturnType<typeof footprint>>, what: string): Promise<void> {
  const after = await footprint(ctx);
  check(after.orders === before.orders, `${what}: listOrders grew from ${before.orders} to ${after.orders} orders`);
  check(after.sent === before.sent, `${what}: ${(after.sent ?? 0) - (before.sent ?? 0)} submission(s) reached the transport`);
  check(after.position === before.position, `${what}: the position moved from ${before.position} to ${after.position}`);
}

/** Features a broker can lack, named after the capability that declares them. */
export type Feature =
  | `orderTypes:${OrderType}` | `timeInForce:${TimeInForce}` | `orderClasses:${OrderClass}`
  | 'notional' | 'extendedHours' | 'fractional' | 'trailPercent' | 'trailPrice' | 'replace';

/**
 * What these capabilities exclude that the suite knows how to ask for.
 *
 * @example
 * ```ts
 * missingFeatures({ ...caps, replace: false }) // [..., 'replace']
 * ```
 */
export function missingFeatures(caps: Capabilities): Feature[] {
  const out: Feature[] = [];
  for (const t of OrderType.options) if (!caps.orderTypes.includes(t)) out.push(`orderTypes:${t}`);
  for (const t of TimeInForce.options) if (!caps.timeInForce.includes(t)) out.push(`timeInForce:${t}`);
  for (const c of OrderClass.options) if (!caps.orderClasses.includes(c)) out.push(`orderClasses:${c}`);
  if (!caps.notional) out.push('notional');
  if (!caps.extendedHours) out.push('extendedHours');
  if (!caps.fractional) out.push('fractional');
  if (caps.orderTypes.includes('trailing_stop')) {
    if (!caps.trailPercent) out.push('trailPercent');
    if (!caps.trailPrice) out.push('trailPrice');
  }
  if (!caps.replace) out.push('replace');
  return out;
}

/**
 * A valid request that needs `feature` (and, where it can, only that).
 *
 * @example
 * ```ts
 * probeRequest(ctx, 'orderTypes:stop', 180) // { type: 'stop', stopPrice: 270, ... }
 * ```
 */
export function probeRequest(ctx: ConformanceContext, feature: Exclude<Feature, 'replace'>, ref: number): OrderRequestInput {
  const carrier: OrderRequestInput = ctx.capabilities.orderTypes.includes('limit') || !ctx.capabilities.orderTypes.includes('market')
    ? ctx.request({ side: 'buy', type: 'limit', limitPrice: away(ref, 0.5) })
    : ctx.request({ side: 'buy', type: 'market' });
  const [kind, value] = feature.split(':') as [string, string | undefined];
  switch (kind) {
    case 'orderTypes': {
      const prices: Record<OrderType, Partial<OrderRequestInput>> = {
        market: {},
        limit: { limitPrice: away(ref, 0.5) },
        stop: { stopPrice: away(ref, 1.5) },
        stop_limit: { stopPrice: away(ref, 1.5), limitPrice: away(ref, 1.6) },
        trailing_stop: { trailPercent: 50 },
      };
      return ctx.request({ side: 'buy', type: value as OrderType, ...prices[value as OrderType] });
    }
    case 'timeInForce':
      return { ...carrier, timeInForce: value as TimeInForce };
    case 'orderClasses':
      if (value === 'oco') {
        return ctx.request({ side: 'sell', type: 'limit', limitPrice: away(ref, 1.5), orderClass: 'oco', takeProfit: { limitPrice: away(ref, 1.5) }, stopLoss: { stopPrice: away(ref, 0.5) } });
      }
      if (value === 'bracket') return { ...carrier, orderClass: 'bracket', takeProfit: { limitPrice: away(ref, 1.5) }, stopLoss: { stopPrice: away(ref, 0.4) } };
      if (value === 'oto') return { ...carrier, orderClass: 'oto', stopLoss: { stopPrice: away(ref, 0.4) } };
      return carrier;
    case 'notional': {
      const { quantity: _q, ...rest } = ctx.request({ side: 'buy', type: 'market' });
      return { ...rest, notional: 100 };
    }
    case 'extendedHours':
      return ctx.request({ side: 'buy', type: 'limit', limitPrice: away(ref, 0.5), timeInForce: 'day', extendedHours: true });
    case 'fractional':
      return { ...carrier, quantity: 1.5 };
    case 'trailPercent':
      return ctx.request({ side: 'buy', type: 'trailing_stop', trailPercent: 50 });
    default:
      return ctx.request({ side: 'buy', type: 'trailing_stop', trailPrice: away(ref, 0.5) });
  }
}

export const refusalCases: readonly ConformanceCase[] = [
  {
    id: 'BC-22',
    title: 'invalid input: InvalidOrderError naming the field, outcome denied, nothing sent',
    async run(ctx) {
      const ref = await ctx.referencePrice();
      const before = await footprint(ctx);
      for (const invalid of invalidRequests(ctx.capabilities, ctx.symbol, ref, ctx.timeInForce)) {
        const request = invalid.lookup ? { clientOrderId: ctx.clientOrderId(), ...invalid.request } : invalid.request;
        await expectDenied(ctx, { ...invalid, request });
      }
      const base = { symbol: ctx.symbol, side: 'buy', timeInForce: ctx.timeInForce };
      for (const quantity of fc.sample(notAPositiveNumber, SAMPLES)) {
        await expectDenied(ctx, { label: `quantity ${String(quantity)}`, request: { ...base, type: 'market', quantity, clientOrderId: ctx.clientOrderId() }, fields: ['quantity'], lookup: true });
      }
      if (ctx.canPlace('limit')) {
        for (const limitPrice of fc.sample(notAPositiveNumber, SAMPLES)) {
          await expectDenied(ctx, { label: `limitPrice ${String(limitPrice)}`, request: { ...base, type: 'limit', quantity: 3, limitPrice, clientOrderId: ctx.clientOrderId() }, fields: ['limitPrice'], lookup: true });
        }
      }
      await expectNothingSent(ctx, before, 'after the invalid requests');
    },
  },
  {
    id: 'BC-23',
    title: 'unsupported feature: NotSupportedError before any I/O, for everything the capabilities exclude',
    requires: (caps) => (missingFeatures(caps).length === 0 ? 'the broker declares every feature this case can ask for' : undefined),
    async run(ctx) {
      const ref = await ctx.referencePrice();
      const before = await footprint(ctx);
      for (const feature of missingFeatures(ctx.capabilities)) {
        const what = `unsupported ${feature}`;
        if (feature === 'replace') {
          await expectBrokerError(() => ctx.broker.replaceOrder(ctx.unknownOrderId, { limitPrice: away(ref, 0.5) }), NotSupportedError, ErrorCode.NOT_SUPPORTED, what);
          continue;
        }
        const request = probeRequest(ctx, feature, ref);
        const error = await expectBrokerError(() => ctx.broker.submitOrder(request), NotSupportedError, ErrorCode.NOT_SUPPORTED, what);
        check(error.outcome === 'denied', `${what}: outcome is ${error.outcome ?? 'unset'}, expected denied (refused before anything was sent)`);
        const found = await ctx.broker.findOrderByClientId(String(request.clientOrderId));
        check(found === undefined, `${what} was refused, yet order ${found?.id} exists with its clientOrderId`);
      }
      await expectNothingSent(ctx, before, 'after the unsupported requests');
    },
  },
];
