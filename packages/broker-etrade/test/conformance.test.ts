// The shared conformance suite, run against the adapter talking to a stateful fake of E*TRADE's
// sandbox through msw (every request's OAuth signature recomputed independently, bodies checked
// against the contract).
import { systemClock } from '@invest/broker-core';
import { brokerConformanceSuite, type ConformanceHarness } from '@invest/broker-testkit';
import { testBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

const net = mockNetwork();

interface EtradeHarness extends ConformanceHarness {
  network: FakeNetwork;
}

brokerConformanceSuite<EtradeHarness>({
  name: 'etrade adapter against the msw fake of the sandbox',
  createBroker: async () => {
    const network = net.use(new FakeNetwork(systemClock, { faultDelayMs: 2000 }));
    return {
      broker: await testBroker(network),
      network,
      market: { setQuote: (symbol, quote) => network.fake.setQuote(symbol, quote) },
      requestsSent: () => network.placeRequests + network.requests.filter((r) => r.path.endsWith('/preview')).length,
    };
  },
  faults: { timeoutAfterSend: (h) => h.network.arm('timeout') },
  unknownOrderId: '999999',
});
