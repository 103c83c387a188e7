import { generateClientOrderId } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { ETRADE_CLIENT_ORDER_ID, etradeClientOrderId } from './client-order-id.ts';

describe('etradeClientOrderId', () => {
  it('sends an id that already fits (1-20 letters and digits) as it is', () => {
    expect(etradeClientOrderId('abc123')).toBe('abc123');
    expect(etradeClientOrderId('A'.repeat(20))).toBe('A'.repeat(20));
    const generated = generateClientOrderId({ maxLength: 20, charset: 'A-Za-z0-9' });
    expect(etradeClientOrderId(generated)).toBe(generated);
  });

  it('maps any other id to H + 19 base-62 characters of its SHA-256, the same every time', () => {
    const id = 'rebalance-2026-01-12:AAPL';
    expect(etradeClientOrderId(id)).toBe('Hb4YB8vH8a5H765imJHq');
    expect(etradeClientOrderId(id)).toBe(etradeClientOrderId(id));
    expect(etradeClientOrderId('A'.repeat(21))).toMatch(/^H[0-9A-Za-z]{19}$/);
    expect(etradeClientOrderId('a.b')).toMatch(ETRADE_CLIENT_ORDER_ID);
  });

  it('gives different ids for different inputs, always within the rule', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const mapped = etradeClientOrderId(`order-${i}:${'x'.repeat(i % 40)}`);
      expect(mapped).toMatch(ETRADE_CLIENT_ORDER_ID);
      seen.add(mapped);
    }
    expect(seen.size).toBe(2000);
  });
});
