import type { Order, OrderRequestInput } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import { RESTING, type ConformanceContext } from '../context.ts';
import { check } from '../failure.ts';
import { away } from '../prices.ts';
import { allOf, flag, simple, trailing } from './requirements.ts';

/**
 * Asserts an order is resting: a working status and nothing filled.
 *
 * @example
 * ```ts
 * expectResting(await ctx.broker.getOrder(id), 'buy limit at half the market')
 * ```
 */
export function expectResting(order: Order, what: string): void {
  check(RESTING.includes(order.status) && order.filledQuantity === 0,
    () => `${what}: order ${order.id} is ${order.status} with ${order.filledQuantity} filled; it should rest (one of ${RESTING.join(', ')}, nothing filled)`);
}

/**
 * Whether `id` is among the open orders of the case symbol.
 *
 * @example
 * ```ts
 * check(await isListedOpen(ctx, order.id), 'not listed as open')
 * ```
 */
export async function isListedOpen(ctx: ConformanceContext, id: string): Promise<boolean> {
  return (await ctx.broker.listOrders({ status: 'open', symbols: [ctx.symbol] })).some((o) => o.id === id);
}

/**
 * Places an order far from the market, checks it rests (as submitted, by id and in the open
 * list), cancels it, and checks it ends canceled with nothing filled and the position untouched.
 *
 * @example
 * ```ts
 * await restsThenCancels(ctx, { type: 'limit', limitPrice: away(ref, 0.5) }, 'buy limit at half the market')
 * ```
 */
export async function restsThenCancels(ctx: ConformanceContext, fields: Partial<OrderRequestInput>, what: string): Promise<Order> {
  const before = await ctx.positionQuantity();
  const order = await ctx.broker.submitOrder(ctx.request({ side: 'buy', ...fields }));
  expectResting(order, `${what} as submitted`);
  expectResting(await ctx.broker.getOrder(order.id), `${what} read back`);
  check(await isListedOpen(ctx, order.id), `${what}: order ${order.id} is not in listOrders({ status: 'open' })`);
  await ctx.broker.cancelOrder(order.id);
  const canceled = await ctx.expectEnds(order.id, 'canceled', `${what}, canceled`);
  check(canceled.filledQuantity === 0, `${what}: the canceled order has ${canceled.filledQuantity} filled`);
  check(!(await isListedOpen(ctx, order.id)), `${what}: the canceled order ${order.id} is still listed as open`);
  const after = await ctx.positionQuantity();
  check(after === before, `${what}: the position moved from ${before} to ${after}, though the order never filled`);
  return canceled;
}

export const restingOrderCases: readonly ConformanceCase[] = [
  {
    id: 'BC-08',
    title: 'limit rests and cancels: a buy limit far below the market works, then ends canceled, unfilled',
    requires: simple('limit'),
    async run(ctx) {
      const ref = await ctx.referencePrice();
      await restsThenCancels(ctx, { type: 'limit', limitPrice: away(ref, 0.5) }, 'buy limit at half the market');
    },
  },
  {
    id: 'BC-09',
    title: 'replace: a resting limit takes a new price, one working order remains, it cancels',
    requires: allOf(simple('limit'), flag('replace')),
    async run(ctx) {
      const ref = await ctx.referencePrice();
      const first = await ctx.broker.submitOrder(ctx.request({ side: 'buy', type: 'limit', limitPrice: away(ref, 0.5) }));
      expectResting(first, 'limit before the replace');
      const price = away(ref, 0.45);
      const replaced = await ctx.broker.replaceOrder(first.id, { limitPrice: price });
      check(replaced.limitPrice === price, `replaceOrder returned limitPrice ${replaced.limitPrice}, asked ${price}`);
      check(replaced.quantity === ctx.quantity, `replaceOrder returned quantity ${replaced.quantity}, the order had ${ctx.quantity}`);
      if (replaced.id !== first.id) {
        check(replaced.replaces === first.id, `the replacement ${replaced.id} does not name the order it replaces (replaces: ${replaced.replaces})`);
        await ctx.expectEnds(first.id, 'replaced', 'the original order after the replace');
      }
      const live = await ctx.broker.getOrder(replaced.id);
      expectResting(live, 'the replacement');
      check(live.limitPrice === price, `the working order has limitPrice ${live.limitPrice}, replaced to ${price}`);
      const working = (await ctx.broker.listOrders({ status: 'open', symbols: [ctx.symbol] })).filter((o) => o.id === first.id || o.id === replaced.id);
      check(working.length === 1, `${working.length} working orders after one replace: ${working.map((o) => o.id).join(', ')}`);
      await ctx.broker.cancelOrder(live.id);
      await ctx.expectEnds(live.id, 'canceled', 'the replacement, canceled');
    },
  },
  {
    id: 'BC-10',
    title: 'stop rests and cancels: a buy stop far above the market works, then ends canceled',
    requires: simple('stop'),
    async run(ctx) {
      const ref = await ctx.referencePrice();
      await restsThenCancels(ctx, { type: 'stop', stopPrice: away(ref, 1.5) }, 'buy stop at 1.5x the market');
    },
  },
  {
    id: 'BC-11',
    title: 'stop-limit rests and cancels: a buy stop-limit far above the market works, then ends canceled',
    requires: simple('stop_limit'),
    async run(ctx) {
      const ref = await ctx.referencePrice();
      await restsThenCancels(ctx, { type: 'stop_limit', stopPrice: away(ref, 1.5), limitPrice: away(ref, 1.6) }, 'buy stop-limit at 1.5x the market');
    },
  },
  {
    id: 'BC-14',
    title: 'trailing stop rests and cancels, by price and by percent as declared',
    requires: allOf(simple('trailing_stop'), trailing),
    async run(ctx) {
      const ref = await ctx.referencePrice();
      if (ctx.capabilities.trailPercent) {
        const o = await restsThenCancels(ctx, { type: 'trailing_stop', trailPercent: 50 }, 'buy trailing stop by 50%');
        check(o.trailPercent === 50, `the order has trailPercent ${o.trailPercent}, placed with 50`);
      }
      if (ctx.capabilities.trailPrice) {
        const trail = away(ref, 0.5);
        const o = await restsThenCancels(ctx, { type: 'trailing_stop', trailPrice: trail }, `buy trailing stop by ${trail}`);
        check(o.trailPrice === trail, `the order has trailPrice ${o.trailPrice}, placed with ${trail}`);
      }
    },
  },
];
