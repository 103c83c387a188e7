import { BrokerRegistry, ConfigError, InsufficientFundsError, InvalidOrderError, NotSupportedError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET } from '../../../tools/test-setup/canary.ts';
import { customFixedPlugin } from '../src/index.ts';

const registry = () => new BrokerRegistry().register(customFixedPlugin);

describe('customFixedPlugin', () => {
  it('registers once per registry', () => {
    expect(() => registry().register(customFixedPlugin)).toThrow(/already registered/);
    expect(registry().list().map((p) => p.type)).toEqual(['custom-fixed']);
  });

  it('refuses a bad config naming the field, never echoing the key', () => {
    expect(() => registry().create('custom-fixed', { apiKey: 'short' })).toThrow(ConfigError);
    expect(() => registry().create('custom-fixed', { apiKey: CANARY_SECRET, cash: -1 })).toThrow(/cash/);
    expect(() => registry().create('custom-fixed', { apiKey: CANARY_SECRET, prices: { acme: 1 } })).toThrow(/prices/);
  });

  it('builds its config from the environment', async () => {
    const broker = registry().createFromEnv('custom-fixed', { CUSTOM_FIXED_API_KEY: CANARY_SECRET, CUSTOM_FIXED_CASH: '500' });
    await broker.connect();
    expect(await broker.getAccount()).toMatchObject({ cash: 500, accountId: 'DEMO-1', paper: true });
    expect(() => registry().createFromEnv('custom-fixed', { CUSTOM_FIXED_API_KEY: CANARY_SECRET, CUSTOM_FIXED_CASH: 'lots' })).toThrow(/cash/);
    expect(() => registry().createFromEnv('custom-fixed', {})).toThrow(/apiKey/);
  });

  it('trades at its fixed prices and refuses what it cannot do', async () => {
    const broker = registry().create('custom-fixed', { apiKey: CANARY_SECRET, cash: 100, prices: { ACME: 12.5 } }, { name: 'small' });
    await broker.connect();
    await expect(broker.submitOrder({ symbol: 'ACME', side: 'buy', quantity: 9 })).rejects.toBeInstanceOf(InsufficientFundsError);
    await expect(broker.submitOrder({ symbol: 'ACME', side: 'sell', quantity: 1 })).rejects.toBeInstanceOf(InsufficientFundsError);
    await expect(broker.submitOrder({ symbol: 'ZZZ', side: 'buy', quantity: 1 })).rejects.toMatchObject({ code: 'INVALID_ORDER', field: 'symbol', outcome: 'rejected' });
    await expect(broker.submitOrder({ symbol: 'ACME', side: 'buy', quantity: 1, type: 'stop', stopPrice: 20 })).rejects.toBeInstanceOf(NotSupportedError);
    await expect(broker.submitOrder({ symbol: 'ACME', side: 'buy', quantity: -1 })).rejects.toBeInstanceOf(InvalidOrderError);
    const bought = await broker.submitOrder({ symbol: 'ACME', side: 'buy', quantity: 4, type: 'limit', limitPrice: 13 });
    expect(bought).toMatchObject({ status: 'filled', filledQuantity: 4, averageFillPrice: 12.5 });
    const sold = await broker.submitOrder({ symbol: 'ACME', side: 'sell', quantity: 1 });
    expect(sold.status).toBe('filled');
    expect(await broker.getPosition('ACME')).toMatchObject({ quantity: 3, averageCost: 12.5, costBasis: 37.5 });
    expect(await broker.getAccount()).toMatchObject({ cash: 62.5, equity: 100 });
  });
});
