import { ErrorCode, isTerminalStatus, UnknownOutcomeError, type Order } from '@invest/broker-core';
import type { ConformanceCase } from '../case.ts';
import { check, describeError, fail } from '../failure.ts';
import { away } from '../prices.ts';
import { pollUntil } from '../waiting.ts';
import { allOf, orderClass, timeoutFault } from './requirements.ts';

export const unknownOutcomeCases: readonly ConformanceCase[] = [
  {
    id: 'BC-25',
    title: 'unknown outcome: a lost answer resolves by lookup or UnknownOutcomeError, and exactly one order exists',
    requires: allOf(timeoutFault, orderClass('simple'), (caps) =>
      caps.orderTypes.includes('limit') || caps.orderTypes.includes('market') ? undefined : 'needs limit or market orders'),
    async run(ctx) {
      const clientOrderId = ctx.clientOrderId();
      // A resting limit where possible, so the order stays put while the suite looks for it.
      const request = ctx.canPlace('limit')
        ? ctx.request({ side: 'buy', type: 'limit', limitPrice: away(await ctx.referencePrice(), 0.5), clientOrderId })
        : ctx.request({ side: 'buy', type: 'market', clientOrderId });
      await ctx.armTimeoutAfterSend();
      let returned: Order | undefined;
      try {
        returned = await ctx.broker.submitOrder(request);
      } catch (error) {
        if (!(error instanceof UnknownOutcomeError) || error.code !== ErrorCode.UNKNOWN_OUTCOME) {
          fail(`after a lost answer, submitOrder must return the order (found by lookup) or throw UnknownOutcomeError; it threw ${describeError(error)}`, error);
        }
        check(error.clientOrderId === clientOrderId, `UnknownOutcomeError.clientOrderId is ${error.clientOrderId}, the order's is ${clientOrderId}`);
        check(error.retryable === false, 'an UnknownOutcomeError must not be retryable: sending again may duplicate the order');
      }
      // The request reached the broker, so the order exists: a lookup must find it.
      const found = await pollUntil(() => ctx.broker.findOrderByClientId(clientOrderId), (o) => o !== undefined, { timeoutMs: ctx.timeoutMs });
      if (!found.value) return fail(`findOrderByClientId(${clientOrderId}) finds nothing after ${ctx.timeoutMs} ms, though the request reached the broker`);
      if (returned) check(returned.id === found.value.id, `submitOrder returned order ${returned.id}, the lookup finds ${found.value.id}`);
      const same = await ctx.ordersWithClientId(clientOrderId);
      check(same.length === 1, `${same.length} orders carry clientOrderId ${clientOrderId} (${same.map((o) => o.id).join(', ')}): the order was sent again`);
      if (!isTerminalStatus(found.value.status)) {
        await ctx.broker.cancelOrder(found.value.id);
        await ctx.waitForOrder(found.value.id, (o) => isTerminalStatus(o.status), 'cleaning up the recovered order');
      }
    },
  },
];
