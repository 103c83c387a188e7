import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/subclasses.ts';
import { selectBaseUrl } from './base-url.ts';

const ALPACA = { paper: 'https://paper-api.alpaca.markets', live: 'https://api.alpaca.markets' };

describe('selectBaseUrl', () => {
  it('picks paper unless live is asked for', () => {
    expect(selectBaseUrl(ALPACA)).toBe(ALPACA.paper);
    expect(selectBaseUrl(ALPACA, 'paper')).toBe(ALPACA.paper);
    expect(selectBaseUrl(ALPACA, 'live')).toBe(ALPACA.live);
  });

  it('refuses paper for a broker without one instead of falling back to live', () => {
    expect(() => selectBaseUrl({ live: 'https://api.schwabapi.com/trader/v1' }, 'paper', 'schwab')).toThrow(ConfigError);
    expect(() => selectBaseUrl({ live: 'https://api.schwabapi.com/trader/v1' }, undefined, 'schwab')).toThrow(/no paper environment/);
    expect(selectBaseUrl({ live: 'https://api.schwabapi.com/trader/v1' }, 'live')).toBe('https://api.schwabapi.com/trader/v1');
  });

  it('refuses anything but an explicit environment name', () => {
    expect(() => selectBaseUrl(ALPACA, 'LIVE' as never)).toThrow(ConfigError);
    expect(() => selectBaseUrl(ALPACA, 'production' as never)).toThrow(/must be "paper" or "live"/);
  });
});
