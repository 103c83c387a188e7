// The msw helpers adapters' tests share: the guard refuses real hosts, the mock network answers
// through the fake put on it, and a stray request or a recorded violation fails the test.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createGuardedFetch, mockBrokerNetwork } from '../src/network/index.ts';

/** A fake with one endpoint that records a violation when asked to. */
class FakeNetwork {
  readonly violations: string[] = [];
  readonly handlers = [
    http.get('https://api.broker.test/ping', () => HttpResponse.json({ pong: true })),
    http.get('https://api.broker.test/bad', () => {
      this.violations.push('GET /bad is no contract operation');
      return HttpResponse.json({}, { status: 404 });
    }),
  ];
}

const used: FakeNetwork[] = [];
const net = mockBrokerNetwork<FakeNetwork>({ violations: (n) => n.violations, onUse: (n) => used.push(n) });
const guardedFetch = createGuardedFetch(['.broker.test']);

describe('createGuardedFetch', () => {
  it('refuses a host outside the fakes before anything is sent', async () => {
    await expect(guardedFetch('https://api.broker.com/ping')).rejects.toThrow(new TypeError('test fetch refused a request to api.broker.com'));
    await expect(guardedFetch(new Request('https://broker.test.evil.com/ping'))).rejects.toThrow(/refused/);
    expect(net.unhandled).toEqual([]);
  });

  it("passes a fake host's request on to msw", async () => {
    net.use(new FakeNetwork());
    const response = await guardedFetch('https://api.broker.test/ping');
    expect(await response.json()).toEqual({ pong: true });
  });
});

describe('mockBrokerNetwork', () => {
  it('puts one fake on the network at a time and tells onUse', async () => {
    const first = net.use(new FakeNetwork());
    const second = net.use(new FakeNetwork());
    expect(used.slice(-2)).toEqual([first, second]);
    expect((await fetch('https://api.broker.test/ping')).status).toBe(200);
  });

  it('fails a request no handler takes, and records it', async () => {
    const error = await fetch('https://nobody.broker.test/ping').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(net.unhandled.splice(0)).toHaveLength(1);
  });

  // These two fail in afterEach, after the body passed: `fails` proves the check bites.
  it.fails('fails the test a stray request was sent in', async () => {
    await fetch('https://nobody.broker.test/ping').catch(() => undefined);
  });

  it.fails('fails the test in which a fake in use recorded a violation', async () => {
    const network = net.use(new FakeNetwork());
    await fetch('https://api.broker.test/bad');
    expect(network.violations).toHaveLength(1);
  });

  it('starts the next test clean', () => {
    expect(net.unhandled).toEqual([]);
    expect(used.at(-1)?.violations).toEqual([]);
  });
});
