import type { Order } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import { check } from '../failure.ts';
import { away } from '../prices.ts';
import { expectResting } from './resting-orders.ts';

export const reconnectCases: readonly ConformanceCase[] = [
  {
    id: 'BC-26',
    title: 'reconnect: disconnect and connect again; state and working orders are still there',
    async run(ctx) {
      let resting: Order | undefined;
      if (ctx.canPlace('limit')) {
        resting = await ctx.broker.submitOrder(ctx.request({ side: 'buy', type: 'limit', limitPrice: away(await ctx.referencePrice(), 0.5) }));
      }
      const account = await ctx.broker.getAccount();
      await ctx.broker.disconnect();
      check(!ctx.given.connected, 'broker.connected is still true after disconnect() resolved');
      await ctx.broker.connect();
      check(ctx.given.connected, 'broker.connected is false after connect() resolved again');
      const again = await ctx.broker.getAccount();
      check(again.accountId === account.accountId, `the account changed across the reconnect: ${account.accountId}, ${again.accountId}`);
      if (resting) {
        const found = await ctx.broker.findOrderByClientId(resting.clientOrderId);
        check(found?.id === resting.id, `after the reconnect findOrderByClientId(${resting.clientOrderId}) returns ${found?.id ?? 'nothing'}`);
        expectResting(await ctx.broker.getOrder(resting.id), 'the limit placed before the reconnect');
        await ctx.broker.cancelOrder(resting.id);
        await ctx.expectEnds(resting.id, 'canceled', 'the limit canceled after the reconnect');
      }
    },
  },
];
