import { Decimal, ManualClock, type Fill, type Order } from '@invest/broker-core';
import { describe, expect, test } from 'vitest';
import { createSimBroker, type SimAccount, type SimConfigInput } from '../src/index.ts';

/** Monday 2 March 2026, 10:00 New York: the regular session is open. */
const T0 = Date.parse('2026-03-02T15:00:00Z');

function sim(config: SimConfigInput = {}, clock = new ManualClock(T0)): { sim: SimAccount; clock: ManualClock; fills: Fill[]; events: Order[] } {
  const s = createSimBroker({ prices: { kind: 'none' }, ...config }, { clock });
  const fills: Fill[] = [];
  const events: Order[] = [];
  s.events.on('fill', (f) => fills.push(f));
  s.events.on('order', (o) => events.push(o));
  return { sim: s, clock, fills, events };
}

const statuses = (events: Order[], id: string): string[] => events.filter((e) => e.id === id).map((e) => e.status);

describe('fill model', () => {
  test('a buy at the ask with 5 bps slippage and $0.005/share commission ($1 minimum) leaves cash exact to the cent', async () => {
    const { sim: s, fills } = sim({ slippageBps: 5, commission: { perShare: 0.005, minimum: 1 } });
    await s.setQuote('AAPL', { bid: 187.2, ask: 187.23, last: 187.21 });

    // 300 shares: 187.23 x 1.0005 = 187.323615, rounded up to the tick: 187.33.
    // Cost 300 x 187.33 = 56,199.00; commission 300 x 0.005 = 1.50 (above the minimum).
    const big = await s.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 300 });
    expect(big.status).toBe('filled');
    expect(big.averageFillPrice).toBe(187.33);
    expect(fills[0]).toMatchObject({ quantity: 300, price: 187.33, commission: 1.5 });
    expect((await s.ledger()).cash).toBe('43799.5'); // 100,000 - 56,199 - 1.50

    // 100 more: 18,733.00 and the $1 minimum (100 x 0.005 = 0.50 is below it).
    await s.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 100 });
    expect(fills[1]).toMatchObject({ quantity: 100, price: 187.33, commission: 1 });
    const l = await s.ledger();
    expect(l.cash).toBe('25065.5'); // 43,799.50 - 18,733 - 1
    expect(l.commissions).toBe('2.5');
    const account = await s.getAccount();
    expect(account.cash).toBe(25_065.5);
    expect(account.paper).toBe(true);
  });

  test('a sell at the bid slips down and rounds down; per-order fee and minimum are charged once across partial fills', async () => {
    const { sim: s, fills } = sim({ slippageBps: 10, liquidity: true, commission: { perShare: 0.01, perOrder: 0.25, minimum: 2 }, accountType: 'margin', shortSelling: true });
    // 50.07 x 0.999 = 50.01993 -> 50.01 (a sell rounds down). 60 shares quoted at the bid.
    await s.setQuote('XYZ', { bid: 50.07, ask: 50.09, bidSize: 60, askSize: 500 });
    const o = await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 100 });
    expect(o.status).toBe('partially_filled');
    expect(fills[0]).toMatchObject({ quantity: 60, price: 50.01, commission: 2 }); // max(2, 0.25 + 0.60)
    await s.setQuote('XYZ', { bid: 50.07, ask: 50.09, bidSize: 1000, askSize: 500 });
    expect((await s.getOrder(o.id)).status).toBe('filled');
    // The order now owes max(2, 0.25 + 1.00) = 2: nothing more for the second fill.
    expect(fills[1]).toMatchObject({ quantity: 40, price: 50.01, commission: 0 });
    expect((await s.ledger()).cash).toBe('104999'); // 100,000 + 100 x 50.01 - 2
  });

  test('liquidity: IOC takes what is quoted and cancels the rest; FOK takes all or nothing', async () => {
    const { sim: s, events } = sim({ liquidity: true });
    await s.setQuote('XYZ', { bid: 9.99, ask: 10, askSize: 30 });
    const ioc = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 50, timeInForce: 'ioc' });
    expect(ioc).toMatchObject({ status: 'canceled', filledQuantity: 30 });
    expect(statuses(events, ioc.id)).toEqual(['new', 'partially_filled', 'canceled']);
    await s.setQuote('XYZ', { bid: 9.99, ask: 10, askSize: 30 });
    const fok = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 50, timeInForce: 'fok' });
    expect(fok).toMatchObject({ status: 'canceled', filledQuantity: 0 });
    const fits = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 30, timeInForce: 'fok' });
    expect(fits.status).toBe('filled');
  });

  test('a market order with no ask fills at the last trade', async () => {
    const { sim: s } = sim();
    await s.setQuote('XYZ', { last: 42.5 });
    expect((await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 2 })).averageFillPrice).toBe(42.5);
  });

  test('notional buys floor the quantity to 1e-9 and never spend more than asked', async () => {
    const { sim: s } = sim();
    await s.setQuote('XYZ', { bid: 299.99, ask: 300 });
    const o = await s.submitOrder({ symbol: 'XYZ', side: 'buy', notional: 1000 });
    expect(o.status).toBe('filled');
    expect(o.quantity).toBe(3.333333333);
    expect((await s.ledger()).cash).toBe('99000.0000001'); // 1000 - 3.333333333 x 300 = 0.0000001 left
  });
});

describe('ledger', () => {
  test('a partial sell books the exact realised P&L against the average cost', async () => {
    const { sim: s } = sim();
    await s.setQuote('XYZ', { bid: 9.99, ask: 10 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 100 }); // 1,000.00
    await s.setQuote('XYZ', { bid: 10.29, ask: 10.3 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 50 }); // 515.00: 150 at 10.10 average
    let p = await s.getPosition('XYZ');
    expect(p).toMatchObject({ quantity: 150, averageCost: 10.1, costBasis: 1515 });

    await s.setQuote('XYZ', { bid: 11, ask: 11.01, last: 11 });
    await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 60 }); // 660 - 60 x 10.10 = 54.00
    let l = await s.ledger();
    expect(l.realizedPnl).toBe('54');
    expect(l.positions[0]).toMatchObject({ quantity: '90', cost: '909' });
    p = await s.getPosition('XYZ');
    expect(p).toMatchObject({ quantity: 90, averageCost: 10.1, realizedPnl: 54, unrealizedPnl: 81 }); // 90 x (11 - 10.10)

    await s.setQuote('XYZ', { bid: 9.5, ask: 9.51 });
    await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 90 }); // 855 - 909 = -54.00
    l = await s.ledger();
    expect(l.realizedPnl).toBe('0');
    expect(l.cash).toBe('100000');
    expect(await s.getPosition('XYZ')).toBeUndefined();
  });

  test('short and cover: proceeds, margin buying power and realised P&L', async () => {
    const { sim: s } = sim({ accountType: 'margin', shortSelling: true, marginMultiplier: 2 });
    await s.setQuote('XYZ', { bid: 50, ask: 50.02, last: 50.01 });
    await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 100 }); // short 100 at the bid, 50
    const p = await s.getPosition('XYZ');
    expect(p).toMatchObject({ side: 'short', quantity: -100, averageCost: 50, costBasis: 5000, marketValue: -5001, unrealizedPnl: -1 });
    const a = await s.getAccount();
    expect(a.cash).toBe(105_000);
    expect(a.equity).toBe(99_999); // 105,000 - 5,001
    expect(a.buyingPower).toBe(194_997); // 2 x 99,999 - |short| 5,001

    await s.setQuote('XYZ', { bid: 45.08, ask: 45.1, last: 45.09 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 100 }); // cover at the ask, 45.10
    const l = await s.ledger();
    expect(l.realizedPnl).toBe('490'); // 5,000 - 4,510
    expect(l.cash).toBe('100490');
    expect(await s.getPosition('XYZ')).toBeUndefined();
  });

  test('a sell larger than the long flips to a short in one fill, splitting the cost exactly', async () => {
    const { sim: s } = sim({ accountType: 'margin', shortSelling: true });
    await s.setQuote('XYZ', { bid: 20, ask: 20 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 3 });
    await s.setQuote('XYZ', { bid: 21, ask: 21 });
    await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 10 });
    const l = await s.ledger();
    expect(l.realizedPnl).toBe('3'); // 3 x (21 - 20)
    expect(l.positions[0]).toMatchObject({ quantity: '-7', cost: '-147' });
  });

  test('day P&L runs from the start-of-day equity snapshot', async () => {
    const clock = new ManualClock(T0);
    const { sim: s } = sim({}, clock);
    await s.setQuote('XYZ', { bid: 10, ask: 10, last: 10 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 100 });
    await s.setQuote('XYZ', { last: 12 });
    let a = await s.getAccount();
    expect(a).toMatchObject({ startOfDayEquity: 100_000, dayPnl: 200 });
    // Next morning the snapshot is yesterday's closing equity; the day starts from zero again.
    await clock.set(Date.parse('2026-03-03T14:00:00Z'));
    a = await s.getAccount();
    expect(a).toMatchObject({ startOfDayEquity: 100_200, dayPnl: 0 });
    await s.setQuote('XYZ', { last: 11 });
    expect((await s.getAccount()).dayPnl).toBe(-100);
  });
});

describe('linked orders', () => {
  test('a bracket whose take-profit fills cancels its stop', async () => {
    const { sim: s, events } = sim();
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    const entry = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 10, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95 } });
    expect(entry.status).toBe('filled');
    const [tp, sl] = entry.legs as [Order, Order];
    expect(tp).toMatchObject({ type: 'limit', side: 'sell', limitPrice: 110, status: 'new', parentId: entry.id });
    expect(sl).toMatchObject({ type: 'stop', side: 'sell', stopPrice: 95, status: 'new', parentId: entry.id });
    expect(statuses(events, tp.id)).toEqual(['held', 'new']);

    await s.setQuote('XYZ', { bid: 110.5, ask: 110.52, last: 110.5 });
    expect(await s.getOrder(tp.id)).toMatchObject({ status: 'filled', averageFillPrice: 110 });
    expect((await s.getOrder(sl.id)).status).toBe('canceled');
    expect((await s.ledger()).realizedPnl).toBe('100'); // 10 x (110 - 100)
    // The stop is gone: a fall through 95 sells nothing.
    await s.setQuote('XYZ', { bid: 90, ask: 90.02, last: 90 });
    expect(await s.getPosition('XYZ')).toBeUndefined();
  });

  test('a bracket entry that fills in part and is canceled protects what filled', async () => {
    const { sim: s } = sim({ liquidity: true });
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, askSize: 4 });
    const entry = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 10, type: 'limit', limitPrice: 100, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95 } });
    expect(entry).toMatchObject({ status: 'partially_filled', filledQuantity: 4 });
    await s.cancelOrder(entry.id);
    const [tp, sl] = (await s.getOrder(entry.id)).legs as [Order, Order];
    expect(tp).toMatchObject({ status: 'new', quantity: 4 });
    expect(sl).toMatchObject({ status: 'new', quantity: 4 });
  });

  test('OCO: the stop filling cancels the take-profit; a partial exit shrinks the other', async () => {
    const { sim: s } = sim({ liquidity: true });
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 10 });
    const oco = await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 10, type: 'limit', limitPrice: 120, orderClass: 'oco', takeProfit: { limitPrice: 120 }, stopLoss: { stopPrice: 90 } });
    const sl = (oco.legs as Order[])[0] as Order;
    expect(oco).toMatchObject({ type: 'limit', limitPrice: 120, status: 'new' });
    expect(sl).toMatchObject({ type: 'stop', stopPrice: 90, status: 'new', parentId: oco.id });

    // The take-profit fills 4 at 120 (only 4 bid): the stop now covers the remaining 6.
    await s.setQuote('XYZ', { bid: 120.5, ask: 120.52, last: 120.5, bidSize: 4 });
    expect(await s.getOrder(oco.id)).toMatchObject({ status: 'partially_filled', filledQuantity: 4 });
    expect((await s.getOrder(sl.id)).quantity).toBe(6);
    // The market falls through the stop: it sells the 6 at the bid, and the take-profit ends.
    await s.setQuote('XYZ', { bid: 89.9, ask: 89.92, last: 89.9 });
    expect(await s.getOrder(sl.id)).toMatchObject({ status: 'filled', filledQuantity: 6, averageFillPrice: 89.9 });
    expect((await s.getOrder(oco.id)).status).toBe('canceled');
    expect(await s.getPosition('XYZ')).toBeUndefined();
    expect((await s.ledger()).realizedPnl).toBe('19.4'); // 4 x 20 + 6 x (-10.10)
  });

  test('OTO: the leg waits held until the entry fills', async () => {
    const { sim: s } = sim();
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    const entry = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 5, type: 'limit', limitPrice: 98, orderClass: 'oto', stopLoss: { stopPrice: 90 } });
    expect((entry.legs as Order[])[0]?.status).toBe('held');
    await s.setQuote('XYZ', { bid: 97.9, ask: 97.95, last: 97.9 });
    const after = await s.getOrder(entry.id);
    expect(after).toMatchObject({ status: 'filled', averageFillPrice: 98 });
    expect((after.legs as Order[])[0]?.status).toBe('new');
  });
});

describe('triggers', () => {
  test('a trailing stop (by price) fires exactly at the water mark minus the trail', async () => {
    const { sim: s, fills } = sim();
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 10 });
    const trail = await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 10, type: 'trailing_stop', trailPrice: 2.35, timeInForce: 'gtc' });
    expect(trail.stopPrice).toBe(97.65);
    await s.setQuote('XYZ', { bid: 104.99, ask: 105.01, last: 105 });
    expect((await s.getOrder(trail.id)).stopPrice).toBe(102.65);
    await s.setQuote('XYZ', { bid: 102.65, ask: 102.67, last: 102.66 });
    expect((await s.getOrder(trail.id)).status).toBe('new'); // one cent above the stop
    await s.setQuote('XYZ', { bid: 102.64, ask: 102.66, last: 102.65 });
    expect(await s.getOrder(trail.id)).toMatchObject({ status: 'filled', averageFillPrice: 102.64 });
    expect(fills.at(-1)).toMatchObject({ price: 102.64, quantity: 10 });
  });

  test('a trailing stop by percent fires at water mark x (1 - pct)', async () => {
    const { sim: s } = sim();
    await s.setQuote('XYZ', { last: 200 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1 });
    const trail = await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 1, type: 'trailing_stop', trailPercent: 3.3 });
    await s.setQuote('XYZ', { last: 210 }); // stop 210 x 0.967 = 203.07
    expect((await s.getOrder(trail.id)).stopPrice).toBe(203.07);
    await s.setQuote('XYZ', { last: 203.08 });
    expect((await s.getOrder(trail.id)).status).toBe('new');
    await s.setQuote('XYZ', { last: 203.07 });
    expect((await s.getOrder(trail.id)).status).toBe('filled');
  });

  test('a stop-limit triggers and then rests until the market comes back to its limit', async () => {
    const { sim: s } = sim();
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 10 });
    const o = await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 10, type: 'stop_limit', stopPrice: 95, limitPrice: 94.5 });
    // The last trade reaches 95: triggered, but the bid (94.2) is under the 94.50 limit.
    await s.setQuote('XYZ', { bid: 94.2, ask: 94.25, last: 95 });
    const resting = await s.getOrder(o.id);
    expect(resting).toMatchObject({ status: 'new', filledQuantity: 0 });
    expect(resting.raw).toMatchObject({ triggered: true });
    await s.setQuote('XYZ', { bid: 94.4, ask: 94.45, last: 94.4 });
    expect((await s.getOrder(o.id)).status).toBe('new');
    // Back to the limit: it fills there (a resting limit fills at its price).
    await s.setQuote('XYZ', { bid: 94.6, ask: 94.62, last: 94.6 });
    expect(await s.getOrder(o.id)).toMatchObject({ status: 'filled', averageFillPrice: 94.5 });
  });

  test('a buy stop fires on the last trade and pays the ask', async () => {
    const { sim: s } = sim();
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    const o = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1, type: 'stop', stopPrice: 101 });
    await s.setQuote('XYZ', { bid: 100.98, ask: 101.02, last: 100.99 });
    expect((await s.getOrder(o.id)).status).toBe('new');
    await s.setQuote('XYZ', { bid: 101, ask: 101.03, last: 101 });
    expect(await s.getOrder(o.id)).toMatchObject({ status: 'filled', averageFillPrice: 101.03 });
  });
});

describe('time in force and sessions', () => {
  test('a day order expires at the session close of its clock; gtc carries over', async () => {
    const clock = new ManualClock(T0);
    const { sim: s, events } = sim({}, clock);
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    const day = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1, type: 'limit', limitPrice: 90 });
    const gtc = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1, type: 'limit', limitPrice: 90, timeInForce: 'gtc' });
    await clock.set(Date.parse('2026-03-02T20:59:59Z')); // 15:59:59 New York
    expect((await s.getOrder(day.id)).status).toBe('new');
    await clock.set(Date.parse('2026-03-02T21:00:00Z')); // 16:00
    const expired = await s.getOrder(day.id);
    expect(expired).toMatchObject({ status: 'expired', updatedAt: '2026-03-02T21:00:00.000Z' });
    expect(statuses(events, day.id)).toEqual(['new', 'expired']);
    expect((await s.getOrder(gtc.id)).status).toBe('new');
  });

  test('orders placed after the close wait as accepted and work from the next open; market orders fill there', async () => {
    const clock = new ManualClock(Date.parse('2026-03-06T22:00:00Z')); // Friday 17:00 New York
    const { sim: s, events } = sim({}, clock);
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    const o = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1 });
    expect(o.status).toBe('accepted');
    await clock.set(Date.parse('2026-03-09T13:29:00Z')); // Monday 09:29 (DST began on the 8th)
    expect((await s.getOrder(o.id)).status).toBe('accepted');
    await clock.set(Date.parse('2026-03-09T13:30:00Z')); // 09:30 EDT
    expect(await s.getOrder(o.id)).toMatchObject({ status: 'filled', filledAt: '2026-03-09T13:30:00.000Z' });
    expect(statuses(events, o.id)).toEqual(['accepted', 'new', 'filled']);
  });

  test('extended-hours limits work in the pre-market; regular orders do not', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T12:00:00Z')); // 07:00 New York
    const { sim: s } = sim({}, clock);
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    const ext = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1, type: 'limit', limitPrice: 101, extendedHours: true });
    const reg = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1, type: 'limit', limitPrice: 101 });
    expect(ext.status).toBe('filled');
    expect(reg.status).toBe('accepted');
  });

  test('opg runs at the next open; cls at the close', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T12:00:00Z')); // 07:00 New York
    const { sim: s } = sim({}, clock);
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    const opg = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1, timeInForce: 'opg' });
    const cls = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 1, timeInForce: 'cls' });
    await s.setQuote('XYZ', { bid: 100.99, ask: 101, last: 101, time: Date.parse('2026-03-02T14:00:00Z') });
    expect((await s.getOrder(opg.id)).status).toBe('accepted');
    await s.setQuote('XYZ', { bid: 101.99, ask: 102, last: 102, time: Date.parse('2026-03-02T14:31:00Z') });
    // It took the quote standing at 09:30 (the 09:00 pre-market one), at 09:30.
    expect(await s.getOrder(opg.id)).toMatchObject({ status: 'filled', averageFillPrice: 101, filledAt: '2026-03-02T14:30:00.000Z' });
    expect((await s.getOrder(cls.id)).status).toBe('new');
    await s.setQuote('XYZ', { bid: 104.99, ask: 105, last: 105, time: Date.parse('2026-03-02T20:59:00Z') });
    await s.setQuote('XYZ', { bid: 106.99, ask: 107, last: 107, time: Date.parse('2026-03-02T21:01:00Z') });
    // It took the last quote before 16:00, not the one after.
    expect(await s.getOrder(cls.id)).toMatchObject({ status: 'filled', averageFillPrice: 105, filledAt: '2026-03-02T21:00:00.000Z' });
  });
});

describe('orders', () => {
  test('replace: the old order ends replaced, the new one names it and keeps working', async () => {
    const { sim: s, events } = sim();
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    const o = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 3, type: 'limit', limitPrice: 90 });
    const r = await s.replaceOrder(o.id, { limitPrice: 95, quantity: 5 });
    expect(r).toMatchObject({ replaces: o.id, limitPrice: 95, quantity: 5, status: 'new' });
    expect((await s.getOrder(o.id)).status).toBe('replaced');
    expect(statuses(events, o.id)).toEqual(['new', 'replaced']);
    await s.setQuote('XYZ', { bid: 94.9, ask: 94.95, last: 94.9 });
    expect(await s.getOrder(r.id)).toMatchObject({ status: 'filled', filledQuantity: 5, averageFillPrice: 95 });
  });

  test('every fill has a unique fill id and fill events add up to the order', async () => {
    const { sim: s, fills } = sim({ liquidity: true });
    await s.setQuote('XYZ', { bid: 9.99, ask: 10, askSize: 7 });
    const o = await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 20 });
    for (let i = 0; i < 3; i++) await s.setQuote('XYZ', { bid: 9.99, ask: 10, askSize: 7 });
    expect((await s.getOrder(o.id)).status).toBe('filled');
    expect(fills.map((f) => f.quantity)).toEqual([7, 7, 6]);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(3);
    expect(Decimal.from(fills.reduce((n, f) => n + f.quantity, 0)).eq(20)).toBe(true);
  });

  test('resting orders reserve buying power; a buy beyond it is refused', async () => {
    const { sim: s } = sim({ initialCash: 10_000 });
    await s.setQuote('XYZ', { bid: 99.99, ask: 100, last: 100 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 60, type: 'limit', limitPrice: 90 }); // 5,400 held back
    expect((await s.getAccount()).buyingPower).toBe(4600);
    await expect(s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 47 })).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect((await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 45 })).status).toBe('filled');
  });
});

describe('trailing stops placed later', () => {
  test('a trailing stop placed while none rest starts from the price now, not an older reference', async () => {
    const { sim: s } = sim();
    await s.setQuote('XYZ', { last: 100 });
    await s.submitOrder({ symbol: 'XYZ', side: 'buy', quantity: 2 });
    const first = await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 1, type: 'trailing_stop', trailPrice: 5 });
    await s.cancelOrder(first.id);
    // No trailing stop rests while the market climbs to 150.
    await s.setQuote('XYZ', { last: 150 });
    const second = await s.submitOrder({ symbol: 'XYZ', side: 'sell', quantity: 1, type: 'trailing_stop', trailPrice: 5 });
    expect(second.stopPrice).toBe(145);
    await s.setQuote('XYZ', { last: 146 });
    expect((await s.getOrder(second.id)).status).toBe('new');
    await s.setQuote('XYZ', { last: 145 });
    expect((await s.getOrder(second.id)).status).toBe('filled');
  });
});
