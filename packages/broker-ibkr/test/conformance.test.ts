// The shared conformance suite, run against the adapter talking to the fake TWS over loopback
// through the unmodified @stoqey/ib.
import { brokerConformanceSuite, type ConformanceHarness } from '@invest/broker-testkit';
import type { FakeTws } from '@invest/fake-tws';
import { startFake, testBroker } from './fake/harness.ts';

interface IbkrHarness extends ConformanceHarness {
  tws: FakeTws;
}

brokerConformanceSuite<IbkrHarness>({
  name: 'ibkr adapter against the fake TWS',
  createBroker: async () => {
    const tws = await startFake();
    return {
      broker: testBroker(tws),
      tws,
      market: { setQuote: (symbol, quote) => tws.setQuote(symbol, quote) },
      requestsSent: () => tws.placements.length,
      cleanup: () => tws.stop(),
    };
  },
  faults: { timeoutAfterSend: (h) => void (h.tws.faults.silentOnNextOrder = true) },
});
