import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/subclasses.ts';
import { assertPaperUrl, isLocalMachineHost, isLoopbackHost, normalizeEndpoint, paperUrlProblem } from './paper-hosts.ts';

const PAPER = { allowed: ['paper-api.example-broker.com'], field: 'baseUrl', broker: 'example' };

describe('normalizeEndpoint', () => {
  it('reduces every spelling of a host to one: case, trailing dots, default port, percent escapes', () => {
    for (const spelling of ['https://API.Example-Broker.com', 'https://api.example-broker.com.', 'https://api.example-broker.com..:443/v2?x=1', 'https://%61pi.example-broker.com']) {
      expect(normalizeEndpoint(spelling).host).toBe('api.example-broker.com');
    }
    expect(normalizeEndpoint('http://[0:0:0:0:0:0:0:1]:8080').host).toBe('[::1]');
    expect(normalizeEndpoint('http://0x7f.1').host).toBe('127.0.0.1');
  });

  it('refuses a user name or password, which hides the real host from a reader', () => {
    expect(() => normalizeEndpoint('https://paper-api.example-broker.com@api.example-broker.com')).toThrow(/user name or password/);
    expect(() => normalizeEndpoint('not a url')).toThrow(ConfigError);
  });
});

describe('assertPaperUrl', () => {
  it('accepts the paper hosts and loopback', () => {
    for (const url of ['https://paper-api.example-broker.com', 'https://PAPER-API.example-broker.com.:443/x', 'http://127.0.0.9:1', 'http://localhost:3000', 'ws://[::1]/s', 'https://fake.broker.test']) {
      expect(() => assertPaperUrl(url, PAPER)).not.toThrow();
    }
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it('refuses anything else with a ConfigError naming the field and the live setting', () => {
    const error = (() => {
      try {
        assertPaperUrl('https://api.example-broker.com.', PAPER);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe('baseUrl');
    expect((error as Error).message).toBe('example.baseUrl: is api.example-broker.com, not a paper host (paper-api.example-broker.com, loopback); set paper_trading: false to trade real money');
    expect(paperUrlProblem('https://proxy.example.com', PAPER)).toMatch(/not a paper host/);
    expect(paperUrlProblem('https://localhost.evil.com', PAPER)).toMatch(/not a paper host/);
  });

  it('never shows the userinfo in its message', () => {
    expect(paperUrlProblem('https://user:hunter2@paper-api.example-broker.com', PAPER)).not.toContain('hunter2');
  });
});

describe('isLocalMachineHost', () => {
  it('is true only for names that never leave this machine', () => {
    for (const host of ['127.0.0.1', '127.9.9.9', '[::1]', 'localhost', 'LOCALHOST.', 'fake.localhost']) expect(isLocalMachineHost(host), host).toBe(true);
    for (const host of ['fake.test', '10.0.0.1', 'localhost.example.com', 'api.alpaca.markets', '128.0.0.1']) expect(isLocalMachineHost(host), host).toBe(false);
  });
});
