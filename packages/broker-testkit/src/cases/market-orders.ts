import type { Order } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import type { ConformanceContext } from '../context.ts';
import { check } from '../failure.ts';
import { BASE_PRICE } from '../prices.ts';
import { allOf, flag, simple } from './requirements.ts';

/**
 * Buys or sells `ctx.quantity` at market and waits for the complete fill (near the base price
 * when the market is controlled).
 *
 * @example
 * ```ts
 * const filled = await marketFill(ctx, 'buy', 'market buy from flat')
 * ```
 */
export async function marketFill(ctx: ConformanceContext, side: 'buy' | 'sell', what: string): Promise<Order> {
  const order = await ctx.broker.submitOrder(ctx.request({ side }));
  check(!['rejected', 'canceled', 'expired'].includes(order.status), `${what}: the ${side} came back ${order.status}`);
  const filled = await ctx.expectFilled(order.id, what);
  check(filled.filledQuantity === ctx.quantity, `${what}: filled ${filled.filledQuantity}, ordered ${ctx.quantity}`);
  const price = filled.averageFillPrice ?? 0;
  if (ctx.market) {
    // The suite set the market to BASE_PRICE: a fill far from it was not made at this market.
    check(Math.abs(price - BASE_PRICE) <= BASE_PRICE * 0.05, `${what}: filled at ${price} with the market at ${BASE_PRICE}`);
  }
  return filled;
}

export const marketOrderCases: readonly ConformanceCase[] = [
  {
    id: 'BC-05',
    title: 'long from zero: a market buy fills and the position appears with its quantity',
    requires: simple('market'),
    async run(ctx) {
      await ctx.flatten();
      const price = (await marketFill(ctx, 'buy', 'market buy from flat')).averageFillPrice ?? 0;
      await ctx.expectPosition(ctx.quantity, 'after the market buy');
      const position = await ctx.broker.getPosition(ctx.symbol);
      check(position?.side === 'long', `position side is ${position?.side}, expected long`);
      // Some brokers fold commission into the average cost: allow 1%.
      check(Math.abs(position.averageCost - price) <= price * 0.01, `averageCost ${position.averageCost} is not the fill price ${price}`);
    },
  },
  {
    id: 'BC-06',
    title: 'close long: a market sell of the whole position leaves it flat',
    requires: simple('market'),
    async run(ctx) {
      await ctx.flatten();
      await marketFill(ctx, 'buy', 'market buy');
      await ctx.expectPosition(ctx.quantity, 'after the market buy');
      await marketFill(ctx, 'sell', 'market sell of the whole position');
      await ctx.expectPosition(0, 'after selling the whole position');
    },
  },
  {
    id: 'BC-07',
    title: 'short and cover: a market sell from flat goes short, a buy covers it',
    requires: allOf(simple('market'), flag('shortSelling')),
    async run(ctx) {
      await ctx.flatten();
      await marketFill(ctx, 'sell', 'market sell short from flat');
      await ctx.expectPosition(-ctx.quantity, 'after the short sale');
      const position = await ctx.broker.getPosition(ctx.symbol);
      check(position?.side === 'short', `position side is ${position?.side}, expected short`);
      await marketFill(ctx, 'buy', 'market buy to cover');
      await ctx.expectPosition(0, 'after covering');
    },
  },
];
