// The unmodified @stoqey/ib against the fake: the handshake completes, and every message the fake
// sends decodes with nothing left over (the library reports leftovers and underruns as errors).
import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract, type Order } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTws } from '../src/index.ts';

const stock: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

let tws: FakeTws;
let ib: IBApi | undefined;

afterEach(async () => {
  ib?.disconnect();
  ib = undefined;
  await tws.stop();
});

async function connect(version?: number): Promise<{ ib: IBApi; errors: string[]; nextId: number; accounts: string }> {
  tws = new FakeTws({ accounts: ['DU111', 'DU222'], nextOrderId: 7, ...(version === undefined ? {} : { serverVersion: version }) });
  const port = await tws.start();
  const api = new IBApi({ host: '127.0.0.1', port, clientId: 3, maxReqPerSec: 1000 });
  ib = api;
  const errors: string[] = [];
  api.on(EventName.error, (err: Error, code: number) => errors.push(`${code}: ${err.message}`));
  const ready = Promise.all([
    new Promise<number>((resolve) => api.once(EventName.nextValidId, resolve)),
    new Promise<string>((resolve) => api.once(EventName.managedAccounts, resolve)),
  ]);
  api.connect();
  const [nextId, accounts] = await ready;
  return { ib: api, errors, nextId, accounts };
}

// The library's typed overloads do not take an event name held in a variable.
type Listener = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Untyped {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

function waitFor<T>(api: IBApi, event: EventName, pick: Listener): Promise<T> {
  const emitter = api as unknown as Untyped;
  return new Promise((resolve) => {
    const listener = (...args: unknown[]): void => {
      const value = pick(...args) as T | undefined;
      if (value !== undefined) {
        emitter.off(event, listener);
        resolve(value);
      }
    };
    emitter.on(event, listener);
  });
}

describe.each([193, 176, 163])('@stoqey/ib against the fake at server version %i', (version) => {
  it('connects, lists accounts, gives the next id, and decodes an order round trip', async () => {
    const { ib: api, errors, nextId, accounts } = await connect(version);
    expect(api.serverVersion).toBe(version);
    expect(nextId).toBe(7);
    expect(accounts).toBe('DU111,DU222');
    tws.setQuote('AAPL', { bid: 99.5, ask: 100.5, last: 100 });
    const order: Order = { action: OrderAction.BUY, totalQuantity: 2.5, orderType: OrderType.TRAIL, auxPrice: 1.25, trailStopPrice: 101.75, tif: 'GTC', account: 'DU222', orderRef: 'inv-ref-1', transmit: true };
    const opened = waitFor(api, EventName.openOrder, (id: number, _c: Contract, o: Order) => (id === 7 ? o : undefined));
    api.placeOrder(7, stock, order);
    const seen = await opened;
    expect(seen).toMatchObject({ orderRef: 'inv-ref-1', account: 'DU222', totalQuantity: 2.5, orderType: 'TRAIL', auxPrice: 1.25, tif: 'GTC' });
    expect(tws.engine.orders.get(7)).toMatchObject({ orderRef: 'inv-ref-1', totalQuantity: 250_000_000n, trailStopPrice: 101.75 });

    const fill = waitFor(api, EventName.execDetails, (_r: number, _c: Contract, e: { orderRef?: string; shares?: number; execId?: string }) => e);
    const commission = waitFor<{ commission?: number }>(api, EventName.commissionReport, (c: { execId?: string; commission?: number }) => c);
    tws.fill(7, '1', 100);
    expect(await fill).toMatchObject({ orderRef: 'inv-ref-1', shares: 1 });
    expect((await commission).commission).toBe(1);

    const status = waitFor(api, EventName.orderStatus, (id: number, s: string, filled: number) => (id === 7 && s === 'Cancelled' ? filled : undefined));
    api.cancelOrder(7);
    expect(await status).toBe(1);
    const positions = waitFor(api, EventName.position, (account: string, c: Contract, pos: number) => ({ account, symbol: c.symbol, pos }));
    api.reqPositions();
    expect(await positions).toEqual({ account: 'DU222', symbol: 'AAPL', pos: 1 });
    const summaryEnd = waitFor(api, EventName.accountSummaryEnd, (reqId: number) => reqId);
    api.reqAccountSummary(5, 'All', 'NetLiquidation,TotalCashValue,BuyingPower');
    expect(await summaryEnd).toBe(5);
    const snapEnd = waitFor(api, EventName.tickSnapshotEnd, (reqId: number) => reqId);
    api.reqMktData(9, stock, '', true, false);
    expect(await snapEnd).toBe(9);
    const execEnd = waitFor(api, EventName.execDetailsEnd, (reqId: number) => reqId);
    api.reqExecutions(11, {});
    expect(await execEnd).toBe(11);
    const completed = waitFor<{ orderRef?: string; filledQuantity?: number; status?: string; completedStatus?: string }>(api, EventName.completedOrder,
      (_c: Contract, o: Order & { filledQuantity?: number }, state: { status?: string; completedStatus?: string }) => ({ orderRef: o.orderRef, filledQuantity: o.filledQuantity, status: state.status, completedStatus: state.completedStatus }));
    const completedEnd = waitFor(api, EventName.completedOrdersEnd, () => true);
    api.reqCompletedOrders(true);
    expect(await completed).toEqual({ orderRef: 'inv-ref-1', filledQuantity: 1, status: 'Cancelled', completedStatus: 'Cancelled' });
    await completedEnd;
    const openEnd = waitFor(api, EventName.openOrderEnd, () => true);
    api.reqAllOpenOrders();
    await openEnd;
    expect(errors.filter((e) => !e.startsWith('202:'))).toEqual([]);
    expect(tws.problems).toEqual([]);
  });
});
