// The shared conformance suite, run against the adapter talking to a stateful fake of Alpaca's
// paper API through msw (every request and answer checked against the contract).
import { brokerConformanceSuite, type ConformanceHarness } from '@invest/broker-testkit';
import { FakeNetwork, mockNetwork } from './fake/network.ts';
import { testBroker } from './fake/harness.ts';

const net = mockNetwork();

interface AlpacaHarness extends ConformanceHarness {
  network: FakeNetwork;
}

brokerConformanceSuite<AlpacaHarness>({
  name: 'alpaca adapter against the msw fake of the paper API',
  createBroker: () => {
    const network = net.use(new FakeNetwork());
    return {
      broker: testBroker(network),
      network,
      market: { setQuote: (symbol, quote) => network.fake.setQuote(symbol, quote) },
      requestsSent: () => network.orderRequests,
    };
  },
  faults: { timeoutAfterSend: (h) => h.network.arm('timeout') },
});
