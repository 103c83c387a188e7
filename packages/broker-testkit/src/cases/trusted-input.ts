import { generateClientOrderId, type ClientOrderIdRules } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import { check, ConformanceFailure, describeError, fail } from '../failure.ts';
import { away } from '../prices.ts';
import { simple } from './requirements.ts';

/** The longest id the broker's rules allow (core's schema stops at 128), from the rules' own characters. */
function longestClientOrderId(rules: ClientOrderIdRules): string {
  const length = Math.min(rules.maxLength, 128);
  const seed = generateClientOrderId(rules);
  let id = seed;
  while (id.length < length) id += seed;
  return id.slice(0, length);
}

export const trustedInputCases: readonly ConformanceCase[] = [
  {
    id: 'BC-27',
    title: "takes what core's edge accepted as given: the longest client order id its rules allow, the exact size and price",
    requires: simple('limit'),
    async run(ctx) {
      const caps = ctx.capabilities;
      const clientOrderId = longestClientOrderId(caps.clientOrderId);
      const quantity = caps.fractional ? ctx.quantity + (caps.fractionalIncrement ?? 0.5) : ctx.quantity;
      const limitPrice = away(await ctx.referencePrice(), 0.5);
      const request = ctx.request({ side: 'buy', type: 'limit', limitPrice, quantity, clientOrderId });
      let order;
      try {
        order = await ctx.broker.submitOrder(request);
      } catch (error) {
        if (error instanceof ConformanceFailure) throw error;
        fail(`a limit buy of ${quantity} at ${limitPrice} with clientOrderId of ${clientOrderId.length} characters (within capabilities.clientOrderId) passed core's edge, and the adapter refused it: ${describeError(error)}. An adapter must not re-validate its input differently from core`, error);
      }
      for (const [key, want] of [['clientOrderId', clientOrderId], ['quantity', quantity], ['limitPrice', limitPrice], ['symbol', ctx.symbol]] as const) {
        check(order[key] === want, () => `submitOrder returned ${key} ${String(order[key])}, expected ${String(want)} as the request gave it`);
      }
      const found = await ctx.broker.findOrderByClientId(clientOrderId);
      check(found?.id === order.id, `findOrderByClientId(<${clientOrderId.length} characters>) returned ${found ? `order ${found.id}` : 'nothing'}, expected ${order.id}`);
      await ctx.broker.cancelOrder(order.id);
      await ctx.expectEnds(order.id, 'canceled', 'the order with the longest client order id, canceled');
    },
  },
];
