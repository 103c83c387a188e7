// A plugin may leave validation to core's withValidation: an adapter that checks nothing itself,
// wrapped that way, passes the refusal cases, and a counter between the wrapper and the adapter
// proves no refused request reached the adapter.
import { BrokerDecorator, parseOrderRequest, withValidation, type Order, type OrderRequestInput } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { runConformanceCase } from '../src/index.ts';
import { referenceHarness, SMALL_CAPABILITIES, type ReferenceHarness } from './reference/harness.ts';
import { ReferenceBroker } from './reference/reference-broker.ts';

/** The reference adapter trusts its input, as every adapter does: it sends whatever it gets. */
const TrustingAdapter = ReferenceBroker;

class CountingBroker extends BrokerDecorator {
  submissions = 0;
  override submitOrder(request: OrderRequestInput): Promise<Order> {
    this.submissions++;
    return super.submitOrder(request);
  }
}

function wrappedHarness(): ReferenceHarness & { counter: CountingBroker } {
  const reference = new TrustingAdapter({ capabilities: SMALL_CAPABILITIES });
  const counter = new CountingBroker(reference);
  const harness = referenceHarness({ reference, wrap: () => withValidation(counter) });
  return { ...harness, counter, requestsSent: () => counter.submissions };
}

describe('an adapter wrapped in withValidation', () => {
  it.each(['BC-22', 'BC-23'] as const)('passes %s with nothing reaching the adapter', async (id) => {
    let harness: ReturnType<typeof wrappedHarness> | undefined;
    await runConformanceCase(id, { createBroker: () => (harness = wrappedHarness()) });
    expect(harness?.counter.submissions).toBe(0);
  });

  it('is caught by BC-22 without the wrapper', async () => {
    await expect(runConformanceCase('BC-22', { createBroker: () => referenceHarness({ reference: new TrustingAdapter(), edge: false }) })).rejects.toThrow(/expected InvalidOrderError/);
  });

  it('still sends valid orders, parsed', async () => {
    const harness = wrappedHarness();
    await harness.broker.connect();
    const order = await harness.broker.submitOrder({ symbol: 'aapl', side: 'buy', quantity: 3 });
    expect(order).toMatchObject({ symbol: 'AAPL', status: 'filled', clientOrderId: expect.stringMatching(/^[A-Za-z0-9]{20}$/) });
    expect(harness.counter.submissions).toBe(1);
    expect(() => parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 3 })).not.toThrow();
  });
});
