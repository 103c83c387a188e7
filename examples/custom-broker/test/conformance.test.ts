// The custom-fixed plugin, created through the public registry exactly as a user would, against
// the conformance suite. No `skips`: every case that does not run is ruled out by the plugin's
// declared capabilities (or by the harness having no market control: prices are fixed), and the
// test below pins that list so a change in capabilities is noticed.
import { BrokerRegistry } from '@invest/broker-core';
import { brokerConformanceSuite, planConformance } from '@invest/broker-testkit';
import { describe, expect, it } from 'vitest';
import { customFixedPlugin } from '../src/index.ts';

const registry = new BrokerRegistry().register(customFixedPlugin);
const createBroker = () => ({
  broker: registry.create('custom-fixed', { apiKey: 'conformance-key', cash: 10_000, prices: { ACME: 12.5 } }, { name: 'conformance' }),
});

brokerConformanceSuite({ name: 'custom-fixed plugin', createBroker, symbol: 'ACME' });

describe('custom-fixed conformance plan', () => {
  it('leaves out exactly what its capabilities exclude', () => {
    const plan = planConformance(createBroker().broker.capabilities, { market: false, faults: { timeoutAfterSend: false } });
    const notRun = Object.fromEntries(plan.flatMap((p) => (p.status === 'run' ? [] : [[p.case.id, p.reason]])));
    expect(notRun).toEqual({
      'BC-07': 'capabilities.shortSelling is false',
      'BC-09': 'capabilities.replace is false',
      'BC-10': 'stop orders are not in capabilities.orderTypes',
      'BC-11': 'stop_limit orders are not in capabilities.orderTypes',
      'BC-12': 'stop orders are not in capabilities.orderTypes',
      'BC-13': 'stop_limit orders are not in capabilities.orderTypes',
      'BC-14': 'trailing_stop orders are not in capabilities.orderTypes',
      'BC-15': 'trailing_stop orders are not in capabilities.orderTypes',
      'BC-16': 'bracket orders are not in capabilities.orderClasses',
      'BC-17': 'bracket orders are not in capabilities.orderClasses',
      'BC-18': 'oco orders are not in capabilities.orderClasses',
      'BC-19': 'oco orders are not in capabilities.orderClasses',
      'BC-25': 'no faults.timeoutAfterSend hook was given',
    });
  });
});
