import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InsufficientFundsError, InvalidOrderError, ManualClock, NotSupportedError, OrderNotFoundError, OrderStateError, type BrokerError } from '@invest/broker-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSimBroker, type SimAccount } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sim-bad-input-'));
const file = join(dir, 'state.db');
let sim: SimAccount;
let restingId: string;

beforeAll(async () => {
  sim = createSimBroker(
    { initialCash: 10_000, prices: { kind: 'static', quotes: { AAPL: { bid: 99.99, ask: 100.01, last: 100 } } } },
    { clock: new ManualClock(Date.parse('2026-03-02T15:00:00Z')), stateFile: file },
  );
  await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10 });
  restingId = (await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50, timeInForce: 'gtc' })).id;
  await sim.cancelOrder((await sim.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1, type: 'limit', limitPrice: 51 })).id);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The account's change counter: it moves with every committed write. */
function changeCounter(): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return (db.prepare("SELECT change FROM sim_accounts WHERE account = 'sim'").get() as { change: number }).change;
  } finally {
    db.close();
  }
}

/** Runs `call`, expects the typed error, and checks nothing was written (no commit, the same state). */
async function refused(call: () => Promise<unknown>, type: abstract new (...a: never[]) => BrokerError, field?: string): Promise<BrokerError> {
  const before = await sim.exportState();
  const change = changeCounter();
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  if (field !== undefined) expect((caught as InvalidOrderError).field).toBe(field);
  expect(changeCounter()).toBe(change);
  expect(await sim.exportState()).toBe(before);
  expect(readdirSync(dir).filter((n) => !n.startsWith('state.db')).sort()).toEqual([]);
  return caught as BrokerError;
}

const base = { symbol: 'AAPL', side: 'buy', quantity: 1 } as const;

describe('bad orders get a typed error naming the field, and the state file is unchanged', () => {
  test.each([
    ['negative quantity', { ...base, quantity: -1 }, 'quantity'],
    ['NaN quantity', { ...base, quantity: Number.NaN }, 'quantity'],
    ['zero quantity', { ...base, quantity: 0 }, 'quantity'],
    ['infinite quantity', { ...base, quantity: Number.POSITIVE_INFINITY }, 'quantity'],
    ['quantity as text', { ...base, quantity: '1' }, 'quantity'],
    ['limit price on a market order', { ...base, limitPrice: 99 }, 'limitPrice'],
    ['limit order without its price', { ...base, type: 'limit' }, 'limitPrice'],
    ['negative limit price', { ...base, type: 'limit', limitPrice: -5 }, 'limitPrice'],
    ['NaN stop price', { ...base, type: 'stop', stopPrice: Number.NaN }, 'stopPrice'],
    ['unknown side', { ...base, side: 'hold' }, 'side'],
    ['misspelled field', { symbol: 'AAPL', side: 'buy', qty: 1 }, 'qty'],
    ['empty symbol', { ...base, symbol: '' }, 'symbol'],
    ['bad client order id', { ...base, clientOrderId: 'no spaces!' }, 'clientOrderId'],
    ['stop order with IOC', { ...base, type: 'stop', stopPrice: 120, timeInForce: 'ioc' }, 'timeInForce'],
    ['bracket with FOK', { ...base, type: 'limit', limitPrice: 90, timeInForce: 'fok', orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 80 } }, 'timeInForce'],
    ['OCO whose limit is not its take-profit', { ...base, side: 'sell', type: 'limit', limitPrice: 111, orderClass: 'oco', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 80 } }, 'limitPrice'],
  ])('%s', async (_label, request, field) => {
    const e = await refused(() => sim.submitOrder(request as never), InvalidOrderError, field);
    expect(e.outcome).toBe('denied');
  });

  test('an unknown symbol in a static price source', async () => {
    const e = await refused(() => sim.submitOrder({ ...base, symbol: 'NOPE' }), InvalidOrderError, 'symbol');
    expect(e.message).toMatch(/unknown symbol NOPE/);
  });

  test('a client order id already used', async () => {
    const used = (await sim.getOrder(restingId)).clientOrderId;
    await refused(() => sim.submitOrder({ ...base, type: 'limit', limitPrice: 60, clientOrderId: used }), InvalidOrderError, 'clientOrderId');
  });

  test('a buy beyond buying power', async () => {
    const e = await refused(() => sim.submitOrder({ ...base, quantity: 100 }), InsufficientFundsError);
    expect(e.message).toMatch(/needs 10,001\.\d\d USD, buying power is [\d,.]+ USD/);
  });

  test('a short sale on an account that does not allow it', async () => {
    const e = await refused(() => sim.submitOrder({ ...base, side: 'sell', quantity: 11 }), NotSupportedError);
    expect((e as NotSupportedError).capability).toBe('shortSelling');
  });

  test('a quantity finer than the fractional step', async () => {
    await refused(() => sim.submitOrder({ ...base, quantity: 0.0000000001 }), NotSupportedError);
  });
});

describe('bad calls on orders and quotes', () => {
  test('unknown order ids', async () => {
    await refused(() => sim.getOrder('ord-999999'), OrderNotFoundError);
    await refused(() => sim.cancelOrder('ord-999999'), OrderNotFoundError);
    await refused(() => sim.replaceOrder('ord-999999', { limitPrice: 1 }), OrderNotFoundError);
    // Parsed at core's edge, which names the bare value by its field.
    await refused(() => sim.cancelOrder(''), InvalidOrderError, 'id');
  });

  test('canceling or replacing a finished order', async () => {
    const filled = (await sim.listOrders({ status: 'closed' })).find((o) => o.status === 'filled');
    await refused(() => sim.cancelOrder(filled?.id as string), OrderStateError);
    await refused(() => sim.replaceOrder(filled?.id as string, { quantity: 2 }), OrderStateError);
  });

  test.each([
    ['no change', {}, '(root)'],
    ['negative limit', { limitPrice: -1 }, 'limitPrice'],
    ['a stop price on a limit order', { stopPrice: 10 }, 'stopPrice'],
    ['a trail on a limit order', { trailPercent: 5 }, 'trailPercent'],
    ['unknown field', { price: 10 }, 'price'],
  ])('replace with %s', async (_label, changes, field) => {
    await refused(() => sim.replaceOrder(restingId, changes as never), InvalidOrderError, field);
  });

  test.each([
    ['a negative bid', { bid: -1, ask: 100 }, 'bid'],
    ['a NaN last', { last: Number.NaN }, 'last'],
    ['no price at all', { bidSize: 10 }, 'last'],
    ['a bid above the ask', { bid: 101, ask: 100 }, 'bid'],
    ['a negative size', { last: 100, askSize: -1 }, 'askSize'],
  ])('setQuote with %s', async (_label, quote, field) => {
    await refused(() => sim.setQuote('AAPL', quote), InvalidOrderError, field);
  });

  test('a bad symbol for a quote', async () => {
    await refused(() => sim.getQuote('not a symbol!'), InvalidOrderError, 'symbol');
    await refused(() => sim.getQuote('NOPE'), InvalidOrderError, 'symbol');
  });

  test('a bad order filter', async () => {
    await refused(() => sim.listOrders({ status: 'pending' as never }), InvalidOrderError, 'status');
  });
});

describe('bad configuration', () => {
  test.each([
    [{ initialCash: -5 }, 'sim config.initialCash'],
    [{ initialCash: Number.NaN }, 'sim config.initialCash'],
    [{ accountType: 'cash', shortSelling: true }, 'sim config.shortSelling'],
    [{ commission: { perShare: -0.01 } }, 'sim config.commission.perShare'],
    [{ slippageBps: 'five' }, 'sim config.slippageBps'],
    [{ prices: { kind: 'static', quotes: { AAPL: -1 } } }, 'sim config.prices.quotes.AAPL'],
    [{ prices: { kind: 'telepathy' } }, 'sim config.prices.kind'],
    [{ seed: 1.5 }, 'sim config.seed'],
    [{ marginMultiplier: 10 }, 'sim config.marginMultiplier'],
  ])('%j', (config, path) => {
    let caught: unknown;
    try {
      createSimBroker(config as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe(path);
  });
});
