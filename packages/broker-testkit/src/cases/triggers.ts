import { isTerminalStatus } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import type { ConformanceContext } from '../context.ts';
import { check } from '../failure.ts';
import { away, BASE_PRICE } from '../prices.ts';
import { EPSILON } from '../validators.ts';
import { allOf, marketControl, simple, trailing } from './requirements.ts';
import { expectResting } from './resting-orders.ts';

/** Asserts the order is still working and unfilled after the market moved to `price`. */
async function stillWaiting(ctx: ConformanceContext, id: string, what: string): Promise<void> {
  const o = await ctx.broker.getOrder(id);
  check(!isTerminalStatus(o.status) && o.filledQuantity === 0, `${what}: order ${id} is ${o.status} with ${o.filledQuantity} filled; it should still wait`);
}

export const triggerCases: readonly ConformanceCase[] = [
  {
    id: 'BC-12',
    title: 'stop triggers: a buy stop waits below its price and fills once the market crosses it',
    requires: allOf(simple('stop'), marketControl),
    async run(ctx) {
      await ctx.flatten();
      const stop = away(BASE_PRICE, 1.1);
      const order = await ctx.broker.submitOrder(ctx.request({ side: 'buy', type: 'stop', stopPrice: stop }));
      expectResting(order, `buy stop at ${stop}, market at ${BASE_PRICE}`);
      await ctx.setPrice(away(BASE_PRICE, 1.05));
      await stillWaiting(ctx, order.id, `market at ${away(BASE_PRICE, 1.05)}, below the stop ${stop}`);
      await ctx.setPrice(away(BASE_PRICE, 1.12));
      const filled = await ctx.expectFilled(order.id, `market at ${away(BASE_PRICE, 1.12)}, through the stop ${stop}`);
      check((filled.averageFillPrice ?? 0) >= stop - EPSILON, `a buy stop at ${stop} filled at ${filled.averageFillPrice}, below its stop`);
      await ctx.expectPosition(ctx.quantity, 'after the stop filled');
    },
  },
  {
    id: 'BC-13',
    title: 'stop-limit triggers within its limit: no fill above the limit, a fill once the market is back under it',
    requires: allOf(simple('stop_limit'), marketControl),
    async run(ctx) {
      await ctx.flatten();
      const stop = away(BASE_PRICE, 1.1);
      const limit = away(BASE_PRICE, 1.11);
      const order = await ctx.broker.submitOrder(ctx.request({ side: 'buy', type: 'stop_limit', stopPrice: stop, limitPrice: limit }));
      expectResting(order, `buy stop-limit ${stop}/${limit}, market at ${BASE_PRICE}`);
      await ctx.setPrice(away(BASE_PRICE, 1.15));
      await stillWaiting(ctx, order.id, `market at ${away(BASE_PRICE, 1.15)}: triggered, but above the limit ${limit}`);
      await ctx.setPrice(away(BASE_PRICE, 1.105));
      const filled = await ctx.expectFilled(order.id, `market back at ${away(BASE_PRICE, 1.105)}, within the limit ${limit}`);
      check((filled.averageFillPrice ?? Infinity) <= limit + EPSILON, `a buy stop-limit with limit ${limit} filled at ${filled.averageFillPrice}`);
      await ctx.expectPosition(ctx.quantity, 'after the stop-limit filled');
    },
  },
  {
    id: 'BC-15',
    title: 'trailing stop follows the market down and triggers on the rebound by its trail',
    requires: allOf(simple('trailing_stop'), trailing, marketControl),
    async run(ctx) {
      await ctx.flatten();
      const variants: { trailPrice?: number; trailPercent?: number; label: string }[] = [];
      // A buy trailing stop trails the low: with a trail of 5 (or 5%) from a low of 90 it sits at
      // 95 (94.5). A rebound to 93 stays under it; 97 goes through. A stop that never moved from
      // 105 would not fill at 97.
      if (ctx.capabilities.trailPrice) variants.push({ trailPrice: 5, label: 'trailPrice 5' });
      if (ctx.capabilities.trailPercent) variants.push({ trailPercent: 5, label: 'trailPercent 5' });
      let held = 0;
      for (const { label, ...trail } of variants) {
        await ctx.setPrice(BASE_PRICE);
        const order = await ctx.broker.submitOrder(ctx.request({ side: 'buy', type: 'trailing_stop', ...trail }));
        expectResting(order, `buy trailing stop (${label}) at ${BASE_PRICE}`);
        await ctx.setPrice(90);
        await stillWaiting(ctx, order.id, `${label}: market fell to 90`);
        await ctx.setPrice(93);
        await stillWaiting(ctx, order.id, `${label}: market rebounded to 93, under the trailed stop`);
        await ctx.setPrice(97);
        await ctx.expectFilled(order.id, `${label}: market rebounded to 97, through the trailed stop`);
        held += ctx.quantity;
        await ctx.expectPosition(held, `after the ${label} trailing stop filled`);
      }
    },
  },
];
