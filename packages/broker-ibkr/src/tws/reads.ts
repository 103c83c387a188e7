import { EventName, type Contract, type Execution, type CommissionReport, type Order as IbOrderRaw, type OrderState} from '@stoqey/ib';
import type { OrderFeed } from '../order-feed.ts';
import type { TwsConnection } from './connection.ts';
import { requestId, twsRequest } from './request.ts';
import { decodeMessage } from '../schemas/decode.ts';
import { IbAccountSummaryRowSchema, type IbAccountSummaryRow } from '../schemas/account.ts';
import { IbCommissionSchema, IbExecutionSchema, type IbExecution } from '../schemas/execution.ts';
import { IbCompletedOrderSchema, type IbCompletedOrder, type IbOpenOrder } from '../schemas/open-order.ts';
import type { IbOrderStatus } from '../schemas/order-status.ts';
import { IbPositionSchema, type IbPosition } from '../schemas/position.ts';
import { IbTickSchema, type IbTick } from '../schemas/tick.ts';
import { stockContract } from '../map/order-body.ts';

/**
 * The read requests of the adapter, each one exchange with TWS (see `twsRequest`). Messages that
 * do not fit their schema fail the read with a `BrokerProtocolError`.
 */

/** Open orders of this client (reqOpenOrders) with their latest orderStatus. */
export interface OpenOrders {
  orders: IbOpenOrder[];
  statuses: Map<number, IbOrderStatus>;
}

/**
 * Open orders placed by this API client id: openOrder and orderStatus until openOrderEnd, as the
 * order feed decoded them (the feed reads every openOrder anyway; they are not parsed twice).
 *
 * @example
 * ```ts
 * const { orders } = await readOpenOrders(tws, feed, 10_000)
 * ```
 */
export function readOpenOrders(tws: TwsConnection, feed: OrderFeed, timeoutMs: number): Promise<OpenOrders> {
  const orders: IbOpenOrder[] = [];
  const statuses = new Map<number, IbOrderStatus>();
  return twsRequest<OpenOrders>(tws, {
    what: 'open orders',
    timeoutMs,
    listen(ib, finish, fail) {
      const untap = feed.tap({
        openOrder: (message) => orders.push(message),
        orderStatus: (message) => statuses.set(message.orderId, message),
        unreadable: fail,
      });
      const onEnd = (): void => finish({ orders, statuses });
      ib.on(EventName.openOrderEnd, onEnd);
      return () => {
        untap();
        ib.off(EventName.openOrderEnd, onEnd);
      };
    },
    send: (ib) => ib.reqOpenOrders(),
  });
}

/**
 * The day's completed orders of API clients (reqCompletedOrders until completedOrdersEnd): how
 * orders that are no longer open ended.
 *
 * @example
 * ```ts
 * const ended = await readCompletedOrders(tws, 10_000)
 * ```
 */
export function readCompletedOrders(tws: TwsConnection, timeoutMs: number): Promise<IbCompletedOrder[]> {
  const orders: IbCompletedOrder[] = [];
  return twsRequest<IbCompletedOrder[]>(tws, {
    what: 'completed orders',
    timeoutMs,
    listen(ib, finish, fail) {
      const onOrder = (contract: Contract, order: IbOrderRaw, orderState: OrderState): void => {
        try {
          orders.push(decodeMessage(IbCompletedOrderSchema, { contract, order, orderState }, 'completedOrder'));
        } catch (error) {
          fail(error as Error);
        }
      };
      const onEnd = (): void => finish(orders);
      ib.on(EventName.completedOrder, onOrder).on(EventName.completedOrdersEnd, onEnd);
      return () => ib.off(EventName.completedOrder, onOrder).off(EventName.completedOrdersEnd, onEnd);
    },
    send: (ib) => ib.reqCompletedOrders(true),
  });
}

/** One execution with its symbol and commission. */
export interface ExecutionRecord {
  execution: IbExecution;
  symbol: string;
  commission: number | undefined;
}

/**
 * Executions of this client id and account since `since` (reqExecutions), with the commission
 * reports TWS sends along.
 *
 * @example
 * ```ts
 * const records = await readExecutions(tws, { clientId: 1, account: 'DU1', time: '20261205-14:00:00' }, 10_000)
 * ```
 */
export function readExecutions(tws: TwsConnection, filter: { clientId: number; account: string; time?: string }, timeoutMs: number): Promise<ExecutionRecord[]> {
  const reqId = requestId();
  const records: ExecutionRecord[] = [];
  const commissions = new Map<string, number | undefined>();
  return twsRequest<ExecutionRecord[]>(tws, {
    what: 'executions',
    id: reqId,
    timeoutMs,
    listen(ib, finish, fail) {
      const onExec = (id: number, contract: Contract, execution: Execution): void => {
        if (id !== reqId) return;
        try {
          records.push({ execution: decodeMessage(IbExecutionSchema, execution, 'execDetails'), symbol: contract.symbol ?? '', commission: undefined });
        } catch (error) {
          fail(error as Error);
        }
      };
      const onCommission = (report: CommissionReport): void => {
        const parsed = IbCommissionSchema.safeParse(report);
        if (parsed.success) commissions.set(parsed.data.execId, parsed.data.commission);
      };
      const onEnd = (id: number): void => {
        if (id !== reqId) return;
        // Commission reports follow their executions; give the last ones a moment to arrive.
        setTimeout(() => finish(records.map((r) => ({ ...r, commission: commissions.get(r.execution.execId) }))), 20);
      };
      ib.on(EventName.execDetails, onExec).on(EventName.commissionReport, onCommission).on(EventName.execDetailsEnd, onEnd);
      return () => ib.off(EventName.execDetails, onExec).off(EventName.commissionReport, onCommission).off(EventName.execDetailsEnd, onEnd);
    },
    send: (ib) => ib.reqExecutions(reqId, { clientId: String(filter.clientId), acctCode: filter.account, ...(filter.time ? { time: filter.time } : {}) }),
  });
}

/**
 * Every position of the login (reqPositions until positionEnd), then cancelPositions.
 *
 * @example
 * ```ts
 * const rows = (await readPositions(tws, 10_000)).filter((p) => p.account === account)
 * ```
 */
export async function readPositions(tws: TwsConnection, timeoutMs: number): Promise<IbPosition[]> {
  const rows: IbPosition[] = [];
  const result = await twsRequest<IbPosition[]>(tws, {
    what: 'positions',
    timeoutMs,
    listen(ib, finish, fail) {
      const onPosition = (account: string, contract: Contract, pos: number, avgCost?: number): void => {
        try {
          rows.push(decodeMessage(IbPositionSchema, { account, contract, pos, avgCost }, 'position'));
        } catch (error) {
          fail(error as Error);
        }
      };
      const onEnd = (): void => finish(rows);
      ib.on(EventName.position, onPosition).on(EventName.positionEnd, onEnd);
      return () => ib.off(EventName.position, onPosition).off(EventName.positionEnd, onEnd);
    },
    send: (ib) => ib.reqPositions(),
  });
  await tws.send((ib) => ib.cancelPositions()).catch(() => undefined);
  return result;
}

/**
 * Account summary rows of every account for `tags`, then cancelAccountSummary.
 *
 * @example
 * ```ts
 * const rows = await readAccountSummary(tws, ['NetLiquidation', 'TotalCashValue'], 10_000)
 * ```
 */
export async function readAccountSummary(tws: TwsConnection, tags: readonly string[], timeoutMs: number): Promise<IbAccountSummaryRow[]> {
  const reqId = requestId();
  const rows: IbAccountSummaryRow[] = [];
  const result = await twsRequest<IbAccountSummaryRow[]>(tws, {
    what: 'account summary',
    id: reqId,
    timeoutMs,
    listen(ib, finish, fail) {
      const onRow = (id: number, account: string, tag: string, value: string, currency: string): void => {
        if (id !== reqId) return;
        try {
          rows.push(decodeMessage(IbAccountSummaryRowSchema, { account, tag, value, currency }, 'accountSummary'));
        } catch (error) {
          fail(error as Error);
        }
      };
      const onEnd = (id: number): void => {
        if (id === reqId) finish(rows);
      };
      ib.on(EventName.accountSummary, onRow).on(EventName.accountSummaryEnd, onEnd);
      return () => ib.off(EventName.accountSummary, onRow).off(EventName.accountSummaryEnd, onEnd);
    },
    send: (ib) => ib.reqAccountSummary(reqId, 'All', tags.join(',')),
  });
  await tws.send((ib) => ib.cancelAccountSummary(reqId)).catch(() => undefined);
  return result;
}

/**
 * The ticks of one snapshot (reqMktData with snapshot on) until tickSnapshotEnd. `onError` sees
 * TWS's error for the request first (the market data fallback).
 *
 * @example
 * ```ts
 * const ticks = await readSnapshot(tws, 'AAPL', 11_000)
 * ```
 */
export function readSnapshot(tws: TwsConnection, symbol: string, timeoutMs: number, onError?: (code: number, text: string) => Error | undefined | 'ignore'): Promise<IbTick[]> {
  const reqId = requestId();
  const ticks: IbTick[] = [];
  return twsRequest<IbTick[]>(tws, {
    what: `quote ${symbol}`,
    id: reqId,
    timeoutMs,
    ...(onError ? { onError } : {}),
    listen(ib, finish) {
      const onTick = (id: number, tickType: number, value?: number): void => {
        if (id !== reqId || value === undefined) return;
        const parsed = IbTickSchema.safeParse({ tickType, value });
        if (parsed.success) ticks.push(parsed.data);
      };
      const onPrice = (id: number, tickType: number, value?: number): void => onTick(id, tickType, value);
      const onSize = (id: number, tickType?: number, value?: number): void => onTick(id, tickType ?? -1, value);
      const onEnd = (id: number): void => {
        if (id === reqId) finish(ticks);
      };
      ib.on(EventName.tickPrice, onPrice).on(EventName.tickSize, onSize).on(EventName.tickSnapshotEnd, onEnd);
      return () => ib.off(EventName.tickPrice, onPrice).off(EventName.tickSize, onSize).off(EventName.tickSnapshotEnd, onEnd);
    },
    send: (ib) => ib.reqMktData(reqId, stockContract(symbol), '', true, false),
  });
}
