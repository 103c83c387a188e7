import type { Logger, PluginContext } from '@invest/broker-core';
import { budget } from '../http/client.ts';
import { ClientOrderIds, orderIdsPath } from './client-order-ids.ts';
import { OrderDesk, type OrderDeskOptions } from './order-desk.ts';

export interface OpenOrderDeskOptions extends Pick<OrderDeskOptions, 'dialect' | 'http' | 'account' | 'tuning'> {
  /** The app's order budget per account. */
  ordersPerMinute: number;
  ctx: PluginContext;
  logger: Logger;
}

/**
 * An `OrderDesk` as an adapter instance opens it: the account's order budget (per broker and
 * account, shared by every instance in the process, since the broker counts per account) and the
 * client order ids kept under the plugin's home, for this instance's name.
 *
 * @example
 * ```ts
 * const desk = openOrderDesk({ dialect: TD_DIALECT, http: () => api(), account: async () => accountId, ordersPerMinute: 120, ctx, logger, tuning: {} })
 * ```
 */
export function openOrderDesk(options: OpenOrderDeskOptions): OrderDesk {
  const { dialect, ctx } = options;
  const rules = [{ limit: options.ordersPerMinute, windowMs: 60_000 }];
  return new OrderDesk({
    dialect,
    http: options.http,
    account: options.account,
    orderLimiter: (account) => budget(dialect.broker, 'orders', account, rules, ctx.clock),
    clock: ctx.clock,
    logger: options.logger,
    tuning: options.tuning,
    ids: new ClientOrderIds(orderIdsPath(ctx.home), ctx.name),
  });
}
