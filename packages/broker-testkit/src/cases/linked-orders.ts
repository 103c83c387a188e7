import { isTerminalStatus, type Order } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import type { ConformanceContext } from '../context.ts';
import { check, fail } from '../failure.ts';
import { away, BASE_PRICE } from '../prices.ts';
import { EPSILON } from '../validators.ts';
import { marketFill } from './market-orders.ts';
import { allOf, marketControl, orderClass, orderType } from './requirements.ts';
import { expectResting } from './resting-orders.ts';

const near = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) <= EPSILON;

function describeOrders(orders: readonly Order[]): string {
  return orders.map((o) => `${o.id} ${o.side} ${o.type} limit=${o.limitPrice ?? '-'} stop=${o.stopPrice ?? '-'} parent=${o.parentId ?? '-'}`).join('; ');
}

/** The two exits among `orders`: a limit at `takeProfit` and a stop (or stop-limit) at `stopLoss`, on `side`, for the case quantity. */
function findExits(ctx: ConformanceContext, orders: readonly Order[], takeProfit: number, stopLoss: number, what: string): { tp: Order; sl: Order } {
  const tp = orders.find((o) => o.type === 'limit' && near(o.limitPrice, takeProfit));
  const sl = orders.find((o) => (o.type === 'stop' || o.type === 'stop_limit') && near(o.stopPrice, stopLoss));
  if (!tp) fail(`${what}: no take-profit exit (a limit at ${takeProfit}) among: ${describeOrders(orders)}`);
  if (!sl) fail(`${what}: no stop-loss exit (a stop at ${stopLoss}) among: ${describeOrders(orders)}`);
  for (const [name, o] of [['take-profit', tp], ['stop-loss', sl]] as const) {
    check(o.side === 'sell', `${what}: the ${name} exit ${o.id} is a ${o.side}, expected sell (it closes a long)`);
    check(o.quantity === ctx.quantity, `${what}: the ${name} exit ${o.id} is for ${o.quantity}, expected ${ctx.quantity}`);
  }
  return { tp, sl };
}

/** One is the other's parent, or both hang from the same parent. */
const linked = (a: Order, b: Order): boolean =>
  a.parentId === b.id || b.parentId === a.id || (a.parentId !== undefined && a.parentId === b.parentId);

function expectWaiting(o: Order, what: string): void {
  check(!isTerminalStatus(o.status) && o.filledQuantity === 0, `${what}: ${o.id} is ${o.status} with ${o.filledQuantity} filled; it should wait`);
}

/** Places a sell OCO protecting the long the case holds, and finds its two exits. */
async function placeOco(ctx: ConformanceContext, takeProfit: number, stopLoss: number): Promise<{ oco: Order; tp: Order; sl: Order }> {
  const oco = await ctx.broker.submitOrder(ctx.request({
    side: 'sell', type: 'limit', limitPrice: takeProfit, orderClass: 'oco',
    takeProfit: { limitPrice: takeProfit }, stopLoss: { stopPrice: stopLoss },
  }));
  check(oco.orderClass === 'oco', `submitOrder of an OCO returned orderClass ${oco.orderClass}`);
  const { tp, sl } = findExits(ctx, await ctx.group(oco.id), takeProfit, stopLoss, 'OCO');
  check(linked(tp, sl), `OCO exits ${tp.id} and ${sl.id} are not linked (parentId ${tp.parentId ?? '-'} / ${sl.parentId ?? '-'})`);
  expectWaiting(tp, 'OCO take-profit');
  expectWaiting(sl, 'OCO stop-loss');
  return { oco, tp, sl };
}

export const linkedOrderCases: readonly ConformanceCase[] = [
  {
    id: 'BC-16',
    title: 'bracket: entry with two linked exit legs; canceling the entry cancels the legs',
    requires: allOf(orderClass('bracket'), orderType('limit')),
    async run(ctx) {
      const ref = await ctx.referencePrice();
      const [entry, takeProfit, stopLoss] = [away(ref, 0.5), away(ref, 1.5), away(ref, 0.4)];
      const before = await ctx.positionQuantity();
      const order = await ctx.broker.submitOrder(ctx.request({
        side: 'buy', type: 'limit', limitPrice: entry, orderClass: 'bracket',
        takeProfit: { limitPrice: takeProfit }, stopLoss: { stopPrice: stopLoss },
      }));
      check(order.orderClass === 'bracket', `submitOrder of a bracket returned orderClass ${order.orderClass}`);
      expectResting(order, 'bracket entry at half the market');
      const legs = (await ctx.group(order.id)).filter((o) => o.id !== order.id);
      check(legs.length === 2, `the bracket has ${legs.length} legs, expected 2: ${describeOrders(legs)}`);
      const { tp, sl } = findExits(ctx, legs, takeProfit, stopLoss, 'bracket');
      for (const leg of [tp, sl]) {
        check(leg.parentId === order.id, `bracket leg ${leg.id} is not linked to its entry ${order.id} (parentId ${leg.parentId ?? 'unset'})`);
        expectWaiting(leg, 'bracket leg before the entry filled');
      }
      await ctx.broker.cancelOrder(order.id);
      await ctx.expectEnds(order.id, 'canceled', 'bracket entry, canceled');
      for (const leg of [tp, sl]) {
        const ended = await ctx.expectEnds(leg.id, 'canceled', 'bracket leg after its entry was canceled');
        check(ended.filledQuantity === 0, `bracket leg ${leg.id} filled ${ended.filledQuantity} though its entry never filled`);
      }
      const after = await ctx.positionQuantity();
      check(after === before, `the position moved from ${before} to ${after}, though nothing filled`);
    },
  },
  {
    id: 'BC-17',
    title: 'bracket: the take-profit filling cancels the stop-loss and leaves the position flat',
    requires: allOf(orderClass('bracket'), orderType('market'), marketControl),
    async run(ctx) {
      await ctx.flatten();
      const [takeProfit, stopLoss] = [away(BASE_PRICE, 1.1), away(BASE_PRICE, 0.9)];
      const entry = await ctx.broker.submitOrder(ctx.request({
        side: 'buy', type: 'market', orderClass: 'bracket', takeProfit: { limitPrice: takeProfit }, stopLoss: { stopPrice: stopLoss },
      }));
      await ctx.expectFilled(entry.id, 'bracket market entry');
      await ctx.expectPosition(ctx.quantity, 'after the bracket entry filled');
      const { tp, sl } = findExits(ctx, (await ctx.group(entry.id)).filter((o) => o.id !== entry.id), takeProfit, stopLoss, 'bracket');
      expectWaiting(await ctx.broker.getOrder(tp.id), 'take-profit after the entry filled');
      expectWaiting(await ctx.broker.getOrder(sl.id), 'stop-loss after the entry filled');
      await ctx.setPrice(away(BASE_PRICE, 1.11));
      const filled = await ctx.expectFilled(tp.id, `take-profit at ${takeProfit}, market at ${away(BASE_PRICE, 1.11)}`);
      check((filled.averageFillPrice ?? 0) >= takeProfit - EPSILON, `a sell limit at ${takeProfit} filled at ${filled.averageFillPrice}`);
      await ctx.expectEnds(sl.id, 'canceled', 'stop-loss after the take-profit filled');
      await ctx.expectPosition(0, 'after the take-profit filled');
    },
  },
  {
    id: 'BC-18',
    title: 'OCO: two linked exits rest and cancel together',
    requires: allOf(orderClass('oco'), orderClass('simple'), orderType('market')),
    async run(ctx) {
      await ctx.flatten();
      await marketFill(ctx, 'buy', 'market buy to hold a long for the OCO');
      await ctx.expectPosition(ctx.quantity, 'after the market buy');
      const ref = await ctx.referencePrice();
      const { oco, tp, sl } = await placeOco(ctx, away(ref, 1.5), away(ref, 0.5));
      await ctx.broker.cancelOrder(oco.id);
      await ctx.expectEnds(tp.id, 'canceled', 'OCO take-profit after canceling the OCO');
      await ctx.expectEnds(sl.id, 'canceled', 'OCO stop-loss after canceling the OCO');
      await ctx.expectPosition(ctx.quantity, 'after canceling the OCO');
    },
  },
  {
    id: 'BC-19',
    title: 'OCO: the stop-loss filling cancels the take-profit and leaves the position flat',
    requires: allOf(orderClass('oco'), orderClass('simple'), orderType('market'), marketControl),
    async run(ctx) {
      await ctx.flatten();
      await marketFill(ctx, 'buy', 'market buy to hold a long for the OCO');
      await ctx.expectPosition(ctx.quantity, 'after the market buy');
      const { tp, sl } = await placeOco(ctx, away(BASE_PRICE, 1.1), away(BASE_PRICE, 0.9));
      await ctx.setPrice(away(BASE_PRICE, 0.89));
      await ctx.expectFilled(sl.id, `stop-loss at ${sl.stopPrice}, market at ${away(BASE_PRICE, 0.89)}`);
      await ctx.expectEnds(tp.id, 'canceled', 'take-profit after the stop-loss filled');
      await ctx.expectPosition(0, 'after the stop-loss filled');
    },
  },
];
