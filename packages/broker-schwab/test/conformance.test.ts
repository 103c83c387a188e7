// The shared conformance suite, run against the adapter talking to a stateful fake of Schwab's
// Trader and Market Data APIs through msw (every request and answer checked against the contract).
import { brokerConformanceSuite, type ConformanceHarness } from '@invest/broker-testkit';
import { FakeNetwork, mockNetwork } from './fake/network.ts';
import { testBroker } from './fake/harness.ts';

const net = mockNetwork();

interface SchwabHarness extends ConformanceHarness {
  network: FakeNetwork;
}

brokerConformanceSuite<SchwabHarness>({
  name: 'schwab adapter against the msw fake of the Trader API',
  createBroker: () => {
    const network = net.use(new FakeNetwork());
    return {
      broker: testBroker(network),
      network,
      market: { setQuote: (symbol, quote) => network.fake.book.setQuote(symbol, quote) },
      requestsSent: () => network.orderRequests,
    };
  },
  // Schwab order ids are int64 numbers; a UUID would be refused before any request.
  unknownOrderId: '999999999999',
  faults: { timeoutAfterSend: (h) => h.network.arm('timeout') },
});
