// One msw server per test file for an adapter's fakes. A request or websocket frame that no
// handler takes is an error: msw fails it (so it never reaches a real host) and `afterEach` fails
// the test that sent it, as it does any problem a fake recorded (a contract or OAuth violation).
import type { AnyHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** What `mockBrokerNetwork` puts on the network: a fake's msw handlers. */
export interface BrokerNetwork {
  readonly handlers: readonly AnyHandler[];
}

export interface MockBrokerNetworkOptions<N extends BrokerNetwork> {
  /**
   * The problems a fake recorded (contract or OAuth violations). The list is emptied after each
   * test, and a test whose fakes recorded any fails. Default: none are read.
   */
  violations?: (network: N) => string[];
  /** What the failure calls those problems. Default `contract violations`. */
  violationsLabel?: string;
  /** Called when `use` puts a fake on the network, e.g. to route a websocket link to it. */
  onUse?: (network: N) => void;
}

/** The mocked network of one test file. */
export interface MockedBrokerNetwork<N extends BrokerNetwork> {
  readonly server: SetupServer;
  /** msw's message for each request no handler took since the last test ended. */
  readonly unhandled: string[];
  /** Puts `network` on the mock network, alone: the handlers of an earlier fake are removed first. */
  use(network: N): N;
}

/**
 * Starts one msw server for the calling test file (listening from `beforeAll` to `afterAll`).
 * After each test it fails the test if a request reached no handler or a fake in use recorded a
 * violation, then removes the fakes' handlers.
 *
 * @example
 * const net = mockBrokerNetwork<FakeNetwork>({ violations: (n) => n.guard.violations });
 * it('reads the account', async () => {
 *   const network = net.use(new FakeNetwork());
 *   // ... drive the adapter against network.handlers
 * });
 */
export function mockBrokerNetwork<N extends BrokerNetwork>(options: MockBrokerNetworkOptions<N> = {}): MockedBrokerNetwork<N> {
  const server = setupServer();
  const unhandled: string[] = [];
  const active: N[] = [];
  beforeAll(() =>
    server.listen({
      onUnhandledFrame: async ({ frame, defaults }) => {
        unhandled.push(await frame.getUnhandledMessage());
        defaults.error();
      },
    }),
  );
  afterEach(() => {
    const violations = options.violations ? active.flatMap((n) => options.violations!(n).splice(0)) : [];
    active.length = 0;
    server.resetHandlers();
    expect(unhandled.splice(0), 'requests no mock handled (a test must never reach a real host)').toEqual([]);
    expect(violations, options.violationsLabel ?? 'contract violations').toEqual([]);
  });
  afterAll(() => server.close());
  return {
    server,
    unhandled,
    use(network: N): N {
      active.push(network);
      options.onUse?.(network);
      server.resetHandlers(...network.handlers);
      return network;
    },
  };
}
