// Snapshot quotes, the delayed-data fallback, and the error without any data subscription.
import { withValidation, type Broker } from '@invest/broker-core';
import type { FakeTws } from '@invest/fake-tws';
import { afterEach, describe, expect, it } from 'vitest';
import { startFake, testAdapter } from './fake/harness.ts';

let tws: FakeTws;
let broker: Broker;

async function setUp(data: 'live' | 'delayed' | 'none', delayedData = true): Promise<void> {
  tws = await startFake({ data });
  broker = withValidation(testAdapter(tws, { delayedData }));
  await broker.connect();
}

afterEach(async () => {
  await broker.disconnect();
  await tws.stop();
});

const marketDataTypes = (): number[] => tws.received.filter((m) => m.id === 59).map((m) => Number(m.fields[2]));

describe('quotes', () => {
  it('a snapshot with live data', async () => {
    await setUp('live');
    expect(await broker.getQuote('aapl')).toMatchObject({ symbol: 'AAPL', bid: 99.9, ask: 100.1, last: 100, bidSize: 100 });
    expect(marketDataTypes()).toEqual([]);
  });

  it('without a live subscription, asks for delayed data once and quotes from it', async () => {
    await setUp('delayed');
    expect(await broker.getQuote('AAPL')).toMatchObject({ bid: 99.9, ask: 100.1, last: 100 });
    expect(await broker.getQuote('AAPL')).toMatchObject({ last: 100 });
    expect(marketDataTypes()).toEqual([3]);
  });

  it('with delayed data turned off, no live subscription is a PermissionDeniedError naming the symbol', async () => {
    await setUp('delayed', false);
    await expect(broker.getQuote('AAPL')).rejects.toMatchObject({ code: 'PERMISSION_DENIED', brokerCode: 10089, message: expect.stringMatching(/quote AAPL: no market data subscription/) });
  });

  it('no data subscription at all is a clear PermissionDeniedError', async () => {
    await setUp('none');
    await expect(broker.getQuote('AAPL')).rejects.toMatchObject({ code: 'PERMISSION_DENIED', brokerCode: 354, message: expect.stringMatching(/no market data subscription/) });
  });

  it('an unknown symbol is a NotFoundError', async () => {
    await setUp('live');
    await expect(broker.getQuote('NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND', brokerCode: 200 });
  });
});
