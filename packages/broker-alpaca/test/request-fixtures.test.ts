// Static request fixtures pin the exact request each call produces: method, path, query string
// and body text (field order included). The fake checks each one against the contract too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AlpacaBroker } from '../src/alpaca-broker.ts';
import { eventually, testBroker, type TestBroker } from './fake/harness.ts';
import { FakeNetwork, mockNetwork } from './fake/network.ts';

interface ExpectedRequest {
  method: string;
  path: string;
  search?: string;
  body?: unknown;
}

interface Fixture {
  name: string;
  call: keyof AlpacaBroker;
  setup?: 'resting-limit' | 'long-position';
  args: unknown[];
  requests: ExpectedRequest[];
}

const { fixtures } = JSON.parse(readFileSync(new URL('./fixtures/order-requests.json', import.meta.url), 'utf8')) as { fixtures: Fixture[] };
const net = mockNetwork();

async function prepare(broker: TestBroker, network: FakeNetwork, setup: Fixture['setup']): Promise<string> {
  if (setup === 'resting-limit') {
    const { id } = await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 2, type: 'limit', limitPrice: 50, clientOrderId: 'fx-setup-limit' });
    await eventually(() => network.fake.orders.get(id)?.status === 'new', 3000, 'the setup limit to be accepted');
    return id;
  }
  if (setup === 'long-position') {
    await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 10, clientOrderId: 'fx-setup-long' });
    await eventually(() => network.fake.positions.has('AAPL'), 3000, 'the setup buy to fill');
  }
  return '';
}

const substitute = <T>(value: T, order: string): T => JSON.parse(JSON.stringify(value).replaceAll('{order}', order)) as T;

describe('request fixtures: the exact request of every call', () => {
  it('cover every order type, class and time in force the capabilities declare', () => {
    const inputs = fixtures.filter((f) => f.call === 'submitOrder').map((f) => f.args[0] as Record<string, unknown>);
    const types = new Set(inputs.map((i) => i.type ?? 'market'));
    const classes = new Set(inputs.map((i) => i.orderClass ?? 'simple'));
    const tifs = new Set(inputs.map((i) => i.timeInForce ?? 'day'));
    expect([...types].sort()).toEqual(['limit', 'market', 'stop', 'stop_limit', 'trailing_stop']);
    expect([...classes].sort()).toEqual(['bracket', 'oco', 'oto', 'simple']);
    expect([...tifs].sort()).toEqual(['cls', 'day', 'fok', 'gtc', 'ioc', 'opg']);
    expect(inputs.some((i) => i.notional !== undefined)).toBe(true);
    expect(inputs.some((i) => i.extendedHours === true)).toBe(true);
    expect(inputs.some((i) => i.trailPrice !== undefined) && inputs.some((i) => i.trailPercent !== undefined)).toBe(true);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
    const network = net.use(new FakeNetwork());
    const broker = testBroker(network, { config: { streaming: false } });
    const order = await prepare(broker, network, fixture.setup);
    const mark = network.requests.length;
    // closePosition is Alpaca's own (not on Broker): it is called on the adapter, which parses its input.
    const target: object = fixture.call in broker ? broker : broker.adapter;
    const method = (target as Record<string, unknown>)[fixture.call] as (...args: unknown[]) => Promise<unknown>;
    await method.apply(target, substitute(fixture.args, order));
    const sent = network.requests.slice(mark).sort((a, b) => a.path.localeCompare(b.path));
    const expected = substitute(fixture.requests, order).sort((a, b) => a.path.localeCompare(b.path));
    expect(sent.map((r) => ({ method: r.method, path: r.path, search: r.search, text: r.text }))).toEqual(
      expected.map((r) => ({ method: r.method, path: r.path, search: r.search ?? '', text: r.body === undefined ? '' : JSON.stringify(r.body) })),
    );
  });
});
