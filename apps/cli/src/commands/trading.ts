import { InvalidOrderError, type Order, type OrderRequestInput } from '@invest/broker-core';
import { nameAccount, type DistributionResult } from '@invest/multi-broker';
import type { CliContext } from '../runtime/context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { money, qty } from '../output/output.ts';

export interface OrderOptions {
  broker?: string;
  symbol?: string;
  quantity?: number;
  notional?: number;
  type?: string;
  limit?: number;
  stop?: number;
  trail?: number;
  trailPercent?: number;
  tif?: string;
  takeProfit?: number;
  stopLoss?: number;
  extendedHours?: boolean;
  clientOrderId?: string;
  brokers?: string;
  dryRun?: boolean;
}

/** The order request the flags describe; the core parser then names any field that is wrong. */
export function orderRequestFrom(side: 'buy' | 'sell', o: OrderOptions): OrderRequestInput {
  if (o.symbol === undefined) throw new InvalidOrderError('Invalid order: symbol: is required (--symbol)', { field: 'symbol', outcome: 'denied' });
  const legs = o.takeProfit !== undefined || o.stopLoss !== undefined;
  const orderClass = o.takeProfit !== undefined && o.stopLoss !== undefined ? 'bracket' : legs ? 'oto' : 'simple';
  const req: Record<string, unknown> = {
    symbol: o.symbol,
    side,
    type: o.type ?? (o.limit !== undefined && o.stop !== undefined ? 'stop_limit' : o.limit !== undefined ? 'limit' : o.stop !== undefined ? 'stop' : o.trail !== undefined || o.trailPercent !== undefined ? 'trailing_stop' : 'market'),
    orderClass,
  };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) req[key] = value;
  };
  set('quantity', o.quantity);
  set('notional', o.notional);
  set('limitPrice', o.limit);
  set('stopPrice', o.stop);
  set('trailPrice', o.trail);
  set('trailPercent', o.trailPercent);
  set('timeInForce', o.tif);
  set('extendedHours', o.extendedHours);
  set('clientOrderId', o.clientOrderId);
  if (o.takeProfit !== undefined) req.takeProfit = { limitPrice: o.takeProfit };
  if (o.stopLoss !== undefined) req.stopLoss = { stopPrice: o.stopLoss };
  return req as OrderRequestInput;
}

export function orderRow(broker: string, o: Order) {
  return {
    broker, id: o.id, clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, status: o.status,
    quantity: o.quantity, filled: o.filledQuantity, averagePrice: o.averageFillPrice, limit: o.limitPrice, stop: o.stopPrice, created: o.createdAt,
  };
}

function printOrders(ctx: CliContext, rows: ReturnType<typeof orderRow>[]): void {
  ctx.out.table(rows, [
    { header: 'broker', value: (r) => r.broker },
    { header: 'id', value: (r) => r.id },
    { header: 'symbol', value: (r) => r.symbol },
    { header: 'side', value: (r) => r.side },
    { header: 'type', value: (r) => r.type },
    { header: 'qty', value: (r) => qty(r.quantity), align: 'right' },
    { header: 'filled', value: (r) => qty(r.filled), align: 'right' },
    { header: 'avg price', value: (r) => money(r.averagePrice), align: 'right' },
    { header: 'status', value: (r) => r.status },
  ]);
}

export async function orderCommand(ctx: CliContext, side: 'buy' | 'sell', o: OrderOptions): Promise<ExitCode> {
  const request = orderRequestFrom(side, o);
  if (o.dryRun) {
    const { dryRunCommand } = await import('./dry-run.ts');
    const name = o.broker ?? (await ctx.config()).config.defaultBroker;
    if (name === undefined) throw new InvalidOrderError('Invalid order: broker: --dry-run needs --broker or a default_broker', { field: 'broker', outcome: 'denied' });
    return dryRunCommand(ctx, name, request);
  }
  const manager = await ctx.manager(o.broker ? [o.broker] : undefined);
  const name = o.broker ?? manager.defaultBroker;
  ctx.confirmLive(manager, [name!]);
  // Global limits read every account: connecting them all first lets the manager leave out one
  // that cannot be reached instead of refusing an order to another account because of it.
  if (manager.globalRisk.active) await manager.connectAll();
  else await manager.get(name!).connect();
  try {
    const order = await manager.submitOrder(name, request).catch((error: unknown) => {
      throw nameAccount(error, name!);
    });
    ctx.out.data(orderRow(name!, order));
    printOrders(ctx, [orderRow(name!, order)]);
    return EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}

export async function distributedCommand(ctx: CliContext, side: 'buy' | 'sell', o: OrderOptions): Promise<ExitCode> {
  const request = orderRequestFrom(side, o);
  const only = o.brokers ? o.brokers.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const manager = await ctx.manager(only);
  // Only the accounts that take a share: a live account with weight 0 receives nothing.
  ctx.confirmLive(manager, manager.status().filter((s) => s.weight > 0 && (!only || only.includes(s.name))).map((s) => s.name));
  await manager.connectAll();
  try {
    const result: DistributionResult = await manager.submitOrderDistributed(request, only ? { brokers: only } : {});
    ctx.out.data(result);
    ctx.out.table(result.legs, [
      { header: 'broker', value: (l) => l.broker },
      { header: 'qty', value: (l) => qty(l.quantity), align: 'right' },
      { header: 'outcome', value: (l) => (l.status === 'accepted' ? ctx.out.c.green(l.status) : l.status === 'skipped' ? ctx.out.c.dim(l.status) : ctx.out.c.red(l.status)) },
      { header: 'order / reason', value: (l) => legDetail(l) },
    ]);
    for (const l of result.legs) if (l.status === 'unreachable') ctx.out.note(`${l.broker}: ${qty(l.quantity)} not placed and not re-spread over the other accounts`);
    ctx.out.line(`${qty(result.acceptedQuantity)} of ${qty(result.request.quantity ?? result.request.notional)} accepted${result.complete ? '' : ctx.out.c.red(' (incomplete)')}`);
    if (result.legs.some((l) => l.status === 'unknown')) return EXIT.UNKNOWN_OUTCOME;
    return result.complete ? EXIT.OK : EXIT.PARTIAL;
  } finally {
    await manager.disconnectAll();
  }
}

function legDetail(l: DistributionResult['legs'][number]): string {
  switch (l.status) {
    case 'accepted': return `${l.order.id} ${l.order.status}`;
    case 'skipped':
    case 'unreachable': return l.reason;
    default: return l.error.message;
  }
}

export async function ordersCommand(ctx: CliContext, o: { broker?: string; status?: 'open' | 'closed' | 'all' }): Promise<ExitCode> {
  const manager = await ctx.manager(o.broker ? [o.broker] : undefined);
  await manager.connectAll();
  try {
    const rows: ReturnType<typeof orderRow>[] = [];
    const errors: { broker: string; error: string }[] = [];
    for (const name of manager.names) {
      try {
        for (const order of await manager.get(name).listOrders({ status: o.status ?? 'all' })) rows.push(orderRow(name, order));
      } catch (error) {
        errors.push({ broker: name, error: (error as Error).message });
      }
    }
    ctx.out.data({ orders: rows, errors });
    printOrders(ctx, rows);
    for (const e of errors) ctx.out.note(`${e.broker}: ${e.error}`);
    return errors.length > 0 ? EXIT.PARTIAL : EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}

/**
 * Cancels order `id`. Without `--broker` every account is searched: ids repeat across simulation
 * accounts, so an id on more than one (or on one while another cannot be searched) is refused,
 * naming the accounts (exit 2), and nothing is cancelled.
 */
export async function cancelCommand(ctx: CliContext, id: string, o: { broker?: string }): Promise<ExitCode> {
  const manager = await ctx.manager(o.broker ? [o.broker] : undefined);
  await manager.connectAll();
  try {
    const { broker: name } = await manager.locateOrder(id, o.broker ? { broker: o.broker } : {});
    ctx.confirmLive(manager, [name]);
    const broker = manager.get(name);
    const order = await broker.cancelOrder(id).then(() => broker.getOrder(id)).catch((error: unknown) => {
      throw nameAccount(error, name);
    });
    ctx.out.data(orderRow(name, order));
    ctx.out.line(`cancel requested: ${id} on ${name} is ${order.status}`);
    return EXIT.OK;
  } finally {
    await manager.disconnectAll();
  }
}
