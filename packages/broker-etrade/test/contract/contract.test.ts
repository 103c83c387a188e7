// The adapter's tables against the derived contract: every value it sends or reads is one the
// contract lists, and the facts it relies on are the ones recorded there.
import { describe, expect, it } from 'vitest';
import { ETRADE_ORDER_TERMS } from '../../src/capabilities.ts';
import { ETRADE_ENDPOINTS } from '../../src/config.ts';
import { ETRADE_STATUS } from '../../src/map/order.ts';
import { EtradePriceType } from '../../src/schemas/order-body.ts';
import { EtradeOrderStatus } from '../../src/schemas/order.ts';
import { ETRADE_CLIENT_ORDER_ID } from '../../src/orders/client-order-id.ts';
import facts from './etrade-v1.facts.json' with { type: 'json' };

describe('derived contract', () => {
  it('every price type and order term the adapter sends is in the contract', () => {
    for (const type of EtradePriceType.options) expect(facts.orders.priceType).toContain(type);
    for (const term of Object.values(ETRADE_ORDER_TERMS)) expect(facts.orders.orderTerm).toContain(term);
    expect(facts.orders.timeInForceTable).toMatchObject(ETRADE_ORDER_TERMS);
  });

  it('the status table covers exactly the contract statuses', () => {
    expect([...EtradeOrderStatus.options].sort()).toEqual([...facts.orders.status].sort());
    expect(Object.keys(ETRADE_STATUS).sort()).toEqual([...facts.orders.status].sort());
  });

  it('hosts and the client order id rule are the recorded ones', () => {
    expect(ETRADE_ENDPOINTS.api.live).toBe(facts.hosts.api.production);
    expect(ETRADE_ENDPOINTS.api.sandbox).toBe(facts.hosts.api.sandbox);
    expect(ETRADE_CLIENT_ORDER_ID.test('A'.repeat(facts.orders.clientOrderId.maxLength))).toBe(true);
    expect(ETRADE_CLIENT_ORDER_ID.test('A'.repeat(facts.orders.clientOrderId.maxLength + 1))).toBe(false);
  });

  it('every fact names its source: a section has one, or each fact in it does', () => {
    const missing: string[] = [];
    for (const [name, section] of Object.entries(facts)) {
      if (name === 'sources' || name === '$comment' || typeof section !== 'object' || 'source' in section) continue;
      for (const [key, fact] of Object.entries(section as Record<string, unknown>)) {
        if (fact !== null && typeof fact === 'object' && !Array.isArray(fact) && !('source' in fact)) missing.push(`${name}.${key}`);
        if (Array.isArray(fact) && !('enumSource' in section)) missing.push(`${name}.${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
