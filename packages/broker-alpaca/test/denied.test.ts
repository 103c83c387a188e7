// Bad input is refused before any request: the fake counts zero requests of any kind, and the
// error says which field is wrong and that nothing was sent (outcome denied).
import { InvalidOrderError, NotSupportedError, OrderNotFoundError, outcomeOf, type BrokerError } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

async function refusal(run: () => Promise<unknown>): Promise<BrokerError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').toBeDefined();
  return error as BrokerError;
}

const base = { symbol: 'AAPL', side: 'buy', quantity: 3 } as const;

describe('refused before any request', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['negative quantity', { ...base, quantity: -1 }, 'quantity'],
    ['quantity as text', { ...base, quantity: '3' }, 'quantity'],
    ['misspelled field', { symbol: 'AAPL', side: 'buy', qty: 3 }, 'qty'],
    ['limit without a price', { ...base, type: 'limit' }, 'limitPrice'],
    ['sub-penny limit price at or above $1', { ...base, type: 'limit', limitPrice: 100.005 }, 'limitPrice'],
    ['more than 4 places below $1', { ...base, type: 'limit', limitPrice: 0.12345 }, 'limitPrice'],
    ['more than 9 places of quantity', { ...base, quantity: 1.0000000001 }, 'fractionalIncrement'],
    ['a quantity carrying float noise (0.1 + 0.2)', { ...base, quantity: 0.1 + 0.2 }, 'fractionalIncrement'],
    ['notional in fractions of a cent', { symbol: 'AAPL', side: 'buy', notional: 10.005 }, 'notional'],
    ['fractional gtc order', { ...base, quantity: 0.5, timeInForce: 'gtc' }, 'timeInForce'],
    ['notional gtc order', { symbol: 'AAPL', side: 'buy', notional: 100, timeInForce: 'gtc' }, 'timeInForce'],
    ['fractional bracket', { ...base, quantity: 0.5, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90 } }, 'quantity'],
    ['bracket with ioc', { ...base, timeInForce: 'ioc', orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90 } }, 'timeInForce'],
    ['oco placed as a stop', { ...base, side: 'sell', type: 'stop', stopPrice: 90, orderClass: 'oco', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90 } }, 'type'],
    ['oco limit apart from its take-profit', { ...base, side: 'sell', type: 'limit', limitPrice: 111, orderClass: 'oco', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90 } }, 'limitPrice'],
    ['client order id of 129 characters', { ...base, clientOrderId: 'x'.repeat(129) }, 'clientOrderId'],
    ['symbol with a slash-dot mess', { ...base, symbol: '../v2/account' }, 'symbol'],
  ])('submitOrder: %s', async (_label, input, field) => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const error = await refusal(() => broker.submitOrder(input as never));
    expect(error instanceof InvalidOrderError || error instanceof NotSupportedError).toBe(true);
    expect((error as InvalidOrderError).field ?? (error as NotSupportedError).capability).toBe(field);
    expect(outcomeOf(error)).toBe('denied');
    expect(network.requests).toHaveLength(0);
  });

  it('other calls: bad ids, symbols, filters and replaces', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const id = '2d8c3f5e-1b7a-4c9d-8e6f-0a1b2c3d4e5f';
    await expect(broker.getOrder('../account')).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(broker.cancelOrder('not-a-uuid')).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(broker.replaceOrder(id, {})).rejects.toMatchObject({ code: 'INVALID_ORDER', outcome: 'denied' });
    await expect(broker.replaceOrder(id, { limitPrice: -1 })).rejects.toMatchObject({ field: 'limitPrice', outcome: 'denied' });
    await expect(broker.replaceOrder(id, { limitPrice: 100.001 })).rejects.toMatchObject({ field: 'limitPrice', outcome: 'denied' });
    await expect(broker.replaceOrder('nope', { limitPrice: 10 })).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(broker.getQuote('')).rejects.toMatchObject({ field: 'symbol', message: expect.stringMatching(/^Invalid symbol: symbol: /), outcome: 'denied' });
    await expect(broker.getPosition('A?B')).rejects.toMatchObject({ field: 'symbol' });
    await expect(broker.listOrders({ status: 'pending' } as never)).rejects.toMatchObject({ field: 'status', outcome: 'denied' });
    await expect(broker.listOrders({ limit: 0 })).rejects.toMatchObject({ field: 'limit' });
    await expect(broker.adapter.closePosition('AAPL', { quantity: -2 })).rejects.toMatchObject({ field: 'quantity', outcome: 'denied' });
    await expect(broker.adapter.closePosition('AAPL', { percentage: 150 })).rejects.toMatchObject({ field: 'percentage' });
    expect(await broker.findOrderByClientId('x'.repeat(200))).toBeUndefined();
    expect(network.requests).toHaveLength(0);
  });

  it('any junk input: a typed refusal, never a request', async () => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network);
    const junk = fc.oneof(
      fc.anything(),
      fc.record({ symbol: fc.string(), side: fc.string(), quantity: fc.oneof(fc.double(), fc.string(), fc.constant(null)) }, { requiredKeys: [] }),
      fc.record({ symbol: fc.constant('AAPL'), side: fc.constant('buy'), quantity: fc.double({ min: -1e6, max: 0 }) }),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (input) => {
        const error = await refusal(() => broker.submitOrder(input as never));
        expect(error instanceof InvalidOrderError || error instanceof NotSupportedError).toBe(true);
        expect(outcomeOf(error)).toBe('denied');
      }),
      { numRuns: 300, seed: 20_260_302 },
    );
    expect(network.requests).toHaveLength(0);
  });
});
