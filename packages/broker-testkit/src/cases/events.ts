import type { ConformanceCase } from '../case.ts';
import { check, fail } from '../failure.ts';
import { away } from '../prices.ts';
import { EPSILON } from '../validators.ts';
import { pollUntil } from '../waiting.ts';
import { marketFill } from './market-orders.ts';
import { simple } from './requirements.ts';

export const eventCases: readonly ConformanceCase[] = [
  {
    id: 'BC-24',
    title: 'order events follow the transition table; a streaming broker reports every order and fill',
    requires: simple('market'),
    async run(ctx) {
      await ctx.flatten();
      const ids = [(await marketFill(ctx, 'buy', 'market buy')).id];
      if (ctx.canPlace('limit')) {
        const ref = await ctx.referencePrice();
        const rest = await ctx.broker.submitOrder(ctx.request({ side: 'buy', type: 'limit', limitPrice: away(ref, 0.5) }));
        await ctx.broker.cancelOrder(rest.id);
        await ctx.expectEnds(rest.id, 'canceled', 'limit canceled');
        ids.push(rest.id);
      }
      ids.push((await marketFill(ctx, 'sell', 'market sell')).id);
      ctx.assertEventsLegal();
      if (!ctx.capabilities.streaming) return;
      // A streaming broker pushes every change: each order's last event must reach its final state,
      // and its fill events must add up to what it filled.
      for (const id of ids) {
        const order = await ctx.broker.getOrder(id);
        const last = await pollUntil(
          async () => ctx.events.eventsFor(id).at(-1),
          (e) => e?.status === order.status && Math.abs(e.filledQuantity - order.filledQuantity) <= EPSILON,
          { timeoutMs: ctx.timeoutMs, wakeOn: { events: ctx.given.events, orderId: id } },
        );
        if (!last.ok) {
          fail(`capabilities.streaming is true, but the last order event for ${id} says ${last.value ? `${last.value.status} (${last.value.filledQuantity} filled)` : 'nothing'} while the order is ${order.status} (${order.filledQuantity} filled)`);
        }
        if (order.filledQuantity > 0) {
          const fills = await pollUntil(async () => ctx.events.filledByEvents(id), (n) => Math.abs(n - order.filledQuantity) <= EPSILON, { timeoutMs: ctx.timeoutMs });
          check(fills.ok, `capabilities.streaming is true, but fill events for order ${id} add up to ${fills.value} of its ${order.filledQuantity} filled`);
        }
      }
      ctx.assertEventsLegal();
    },
  },
];
