import { ErrorCode, OrderNotFoundError, type Order } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import type { ConformanceContext } from '../context.ts';
import { expectBrokerError } from '../expect-error.ts';
import { check, describeError, fail } from '../failure.ts';
import { away } from '../prices.ts';
import { simple } from './requirements.ts';

async function listed(ctx: ConformanceContext, id: string, filter: Parameters<ConformanceContext['broker']['listOrders']>[0]): Promise<Order[]> {
  return (await ctx.broker.listOrders(filter)).filter((o) => o.id === id);
}

export const lookupCases: readonly ConformanceCase[] = [
  {
    id: 'BC-20',
    title: 'get, list and find by client order id return the same order',
    requires: simple('limit'),
    async run(ctx) {
      const ref = await ctx.referencePrice();
      const clientOrderId = ctx.clientOrderId();
      const limitPrice = away(ref, 0.5);
      const order = await ctx.broker.submitOrder(ctx.request({ side: 'buy', type: 'limit', limitPrice, clientOrderId }));
      const got = await ctx.broker.getOrder(order.id);
      for (const [key, want] of [['clientOrderId', clientOrderId], ['symbol', ctx.symbol], ['side', 'buy'], ['type', 'limit'], ['quantity', ctx.quantity], ['limitPrice', limitPrice]] as const) {
        check(got[key] === want, () => `getOrder(${order.id}).${key} is ${String(got[key])}, expected ${String(want)}`);
      }
      const all = await listed(ctx, order.id, { status: 'all' });
      check(all.length === 1, `listOrders({ status: 'all' }) lists order ${order.id} ${all.length} times`);
      check(all[0]?.clientOrderId === clientOrderId, `listOrders gives order ${order.id} clientOrderId ${all[0]?.clientOrderId}`);
      check((await listed(ctx, order.id, { status: 'open' })).length === 1, `the resting order ${order.id} is not in listOrders({ status: 'open' })`);
      check((await listed(ctx, order.id, { status: 'open', symbols: [ctx.symbol] })).length === 1, `order ${order.id} is not listed under symbols [${ctx.symbol}]`);
      check((await listed(ctx, order.id, { status: 'open', side: 'buy' })).length === 1, `order ${order.id} is not listed under side buy`);
      check((await listed(ctx, order.id, { status: 'open', side: 'sell' })).length === 0, `the buy ${order.id} is listed under side sell`);
      check((await listed(ctx, order.id, { status: 'closed' })).length === 0, `the resting order ${order.id} is listed as closed`);
      const found = await ctx.broker.findOrderByClientId(clientOrderId);
      check(found?.id === order.id, `findOrderByClientId(${clientOrderId}) returned ${found ? `order ${found.id}` : 'nothing'}, expected ${order.id}`);
      await ctx.broker.cancelOrder(order.id);
      await ctx.expectEnds(order.id, 'canceled', 'the looked-up order, canceled');
      check((await listed(ctx, order.id, { status: 'closed' })).length === 1, `the canceled order ${order.id} is not in listOrders({ status: 'closed' })`);
      check((await listed(ctx, order.id, { status: 'open' })).length === 0, `the canceled order ${order.id} is still listed as open`);
      const after = await ctx.broker.findOrderByClientId(clientOrderId);
      check(after?.id === order.id && after.status === 'canceled', `after the cancel, findOrderByClientId returned ${after ? `${after.id} (${after.status})` : 'nothing'}`);
    },
  },
  {
    id: 'BC-21',
    title: 'unknown order id: getOrder and cancelOrder throw OrderNotFoundError; an unknown client id finds nothing',
    async run(ctx) {
      const id = ctx.unknownOrderId;
      await expectBrokerError(() => ctx.broker.getOrder(id), OrderNotFoundError, ErrorCode.ORDER_NOT_FOUND, `getOrder(${id})`);
      await expectBrokerError(() => ctx.broker.cancelOrder(id), OrderNotFoundError, ErrorCode.ORDER_NOT_FOUND, `cancelOrder(${id})`);
      const clientOrderId = ctx.clientOrderId();
      let found;
      try {
        found = await ctx.broker.findOrderByClientId(clientOrderId);
      } catch (error) {
        fail(`findOrderByClientId(${clientOrderId}) of an id never used must resolve undefined, it threw ${describeError(error)}`, error);
      }
      check(found === undefined, `findOrderByClientId(${clientOrderId}) of an id never used returned order ${found?.id}`);
    },
  },
];
