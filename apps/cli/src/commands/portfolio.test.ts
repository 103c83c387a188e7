import { InvalidOrderError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { parseTarget } from './portfolio.ts';

describe('--target SYMBOL=WEIGHT', () => {
  it('reads a plain decimal weight or a percentage, and an optional account', () => {
    expect(parseTarget('aapl=0.25')).toEqual({ symbol: 'AAPL', weight: 0.25 });
    expect(parseTarget('MSFT@paper-1=25%')).toEqual({ symbol: 'MSFT', weight: 0.25, broker: 'paper-1' });
  });

  it.each(['AAPL=0x10', 'AAPL=1e-1', 'AAPL= 0.5', ' AAPL=0.5', 'AAPL=0.5 ', 'AAPL=.5', 'AAPL=0.12345678901234567', 'AAPL=', 'AAPL=-0.1'])(
    'refuses %j naming the flag, never reading it as another number',
    (text) => {
      expect(() => parseTarget(text)).toThrow(InvalidOrderError);
      expect(() => parseTarget(text)).toThrow(/--target/);
    },
  );
});
