// The shared conformance suite against the TD adapter and a stateful fake of TD's documented API
// through msw (every request and answer checked against the facts derived from TD's files).
import { brokerConformanceSuite, type ConformanceHarness } from '@invest/broker-testkit';
import { FakeNetwork, mockNetwork } from './fake/network.ts';
import { testBroker } from './fake/harness.ts';

const net = mockNetwork();

interface TdHarness extends ConformanceHarness {
  network: FakeNetwork;
}

brokerConformanceSuite<TdHarness>({
  name: 'td adapter against the msw fake of the TD Ameritrade API',
  createBroker: () => {
    const network = net.use(new FakeNetwork());
    return {
      broker: testBroker(network),
      network,
      market: { setQuote: (symbol, quote) => network.fake.book.setQuote(symbol, quote) },
      requestsSent: () => network.orderRequests,
    };
  },
  unknownOrderId: '999999999999',
  faults: { timeoutAfterSend: (h) => h.network.arm('timeout') },
});
