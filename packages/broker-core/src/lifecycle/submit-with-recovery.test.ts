import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { BrokerError } from '../errors/broker-error.ts';
import { ConnectionError, InvalidOrderError, RateLimitError, UnknownOutcomeError } from '../errors/subclasses.ts';
import type { Order } from '../model/order.ts';
import { submitWithRecovery } from './submit-with-recovery.ts';

const order = { id: 'o-1', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', type: 'market' } as Order;
const lost = (): UnknownOutcomeError => new UnknownOutcomeError('timed out', { clientOrderId: 'c1', broker: 'test' });

/** Runs the loop on a manual clock, advancing it until the promise settles. */
async function run(hooks: Parameters<typeof submitWithRecovery>[0], options: Partial<Parameters<typeof submitWithRecovery>[1]> = {}) {
  const clock = new ManualClock(0);
  const p = submitWithRecovery(hooks, { broker: 'test', clientOrderId: 'c1', clock, ...options });
  const settled = p.then((value) => ({ value }), (error: unknown) => ({ error }));
  for (let i = 0; i < 50; i++) await clock.advance(10_000);
  return settled;
}

describe('submitWithRecovery', () => {
  it('sends once and returns the answer; no lookup when the answer came', async () => {
    let sends = 0;
    let finds = 0;
    const r = await run({ send: async () => (sends++, order), find: async () => (finds++, undefined) });
    expect(r).toEqual({ value: order });
    expect([sends, finds]).toEqual([1, 0]);
  });

  it('hands back the order as the adapter now knows it, sent or found', async () => {
    const moved = { ...order, status: 'filled' } as Order;
    const known = (o: Order): Order => (o === order ? moved : o);
    expect(await run({ send: async () => order, find: async () => undefined, known })).toEqual({ value: moved });
    expect(await run({ send: async () => { throw lost(); }, find: async () => order, known })).toEqual({ value: moved });
  });

  it('a refusal is thrown as the broker said it: never looked up, never resent', async () => {
    let sends = 0;
    let finds = 0;
    const refusal = new InvalidOrderError('qty too large', { broker: 'test', outcome: 'rejected' });
    const r = await run({ send: async () => { sends++; throw refusal; }, find: async () => (finds++, order) });
    expect(r).toEqual({ error: refusal });
    expect([sends, finds]).toEqual([1, 0]);
  });

  it('an unknown outcome is looked up, never resent: a lagging lookup (absent twice, then found) ends as found', async () => {
    let sends = 0;
    const answers: (Order | undefined)[] = [undefined, undefined, order];
    const r = await run({ send: async () => { sends++; throw lost(); }, find: async () => answers.shift() });
    expect(r).toEqual({ value: order });
    expect(sends).toBe(1);
  });

  it('one budget for the whole order: a lookup that always fails costs exactly `lookups` lookups, then UnknownOutcomeError (not absent)', async () => {
    let sends = 0;
    let finds = 0;
    const r = await run({ send: async () => { sends++; throw lost(); }, find: async () => { finds++; throw new BrokerError('500', { broker: 'test', retryable: true }); } }, { lookups: 4 });
    expect([sends, finds]).toEqual([1, 4]);
    const error = (r as { error: unknown }).error;
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ clientOrderId: 'c1', outcome: 'unknown', absent: false });
    expect((error as Error).message).toMatch(/0 of 4 lookups found no such order \(4 failed\); it was not sent again/);
  });

  it('every lookup answering "no such order" is reported as absent, still unknown and never resent', async () => {
    let sends = 0;
    const r = await run({ send: async () => { sends++; throw lost(); }, find: async () => undefined }, { lookups: 3 });
    expect(sends).toBe(1);
    expect((r as { error: unknown }).error).toMatchObject({ name: 'UnknownOutcomeError', absent: true, outcome: 'unknown' });
  });

  it('backs off between lookups: 250 ms, then doubling', async () => {
    const clock = new ManualClock(0);
    const at: number[] = [];
    const p = submitWithRecovery({ send: async () => { throw lost(); }, find: async () => (at.push(clock.now()), undefined) }, { broker: 'test', clientOrderId: 'c1', clock, lookups: 3 });
    const settled = p.catch(() => undefined);
    for (let i = 0; i < 20; i++) await clock.advance(250);
    await settled;
    expect(at).toEqual([250, 750, 1750]);
  });

  it('a found order that is not this request (a reused client order id) is a rejection, not this order', async () => {
    const other = { ...order, id: 'o-9', symbol: 'MSFT' };
    const r = await run({ send: async () => { throw lost(); }, find: async () => other, match: (o) => o.symbol === 'AAPL' });
    expect((r as { error: unknown }).error).toMatchObject({ name: 'InvalidOrderError', outcome: 'rejected', field: 'clientOrderId' });
  });

  it('an answer proving the order landed (duplicate id) is looked up at once, not resent', async () => {
    let sends = 0;
    const dup = new InvalidOrderError('client_order_id must be unique', { broker: 'test', outcome: 'rejected' });
    const r = await run({ send: async () => { sends++; throw dup; }, find: async () => order, landed: (e) => e === dup });
    expect(r).toEqual({ value: order });
    expect(sends).toBe(1);
  });

  it('a 429 is resent after the wait it asked for, only when resends are allowed and the wait is short enough', async () => {
    let sends = 0;
    const limited = () => new RateLimitError('slow down', { broker: 'test', retryAfterMs: 2_000, outcome: 'rejected' });
    const ok = await run({ send: async () => { if (++sends < 3) throw limited(); return order; }, find: async () => undefined }, { rateLimitResends: 3 });
    expect(ok).toEqual({ value: order });
    expect(sends).toBe(3);

    sends = 0;
    const none = await run({ send: async () => { sends++; throw limited(); }, find: async () => undefined });
    expect((none as { error: unknown }).error).toBeInstanceOf(RateLimitError);
    expect(sends).toBe(1);

    sends = 0;
    const long = await run({ send: async () => { sends++; throw limited(); }, find: async () => undefined }, { rateLimitResends: 3, maxRateLimitWaitMs: 1_000 });
    expect((long as { error: unknown }).error).toBeInstanceOf(RateLimitError);
    expect(sends).toBe(1);
  });

  it('a connection that never opened is denied and thrown at once', async () => {
    const refused = new ConnectionError('ECONNREFUSED', { broker: 'test', outcome: 'denied' });
    let finds = 0;
    const r = await run({ send: async () => { throw refused; }, find: async () => (finds++, order) });
    expect(r).toEqual({ error: refused });
    expect(finds).toBe(0);
  });
});
