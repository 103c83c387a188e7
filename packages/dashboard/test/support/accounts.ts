// A manager like the CLI's, in memory: two simulation accounts with positions and orders, and a
// third that cannot be reached (every call fails as a refused connection does).
import { ConnectionError, type Broker } from '@invest/broker-core';
import { createSimBroker, type SimAccount } from '@invest/broker-sim';
import { MultiBrokerManager } from '@invest/multi-broker';

export const QUOTES = { AAPL: { bid: 190, ask: 190.02, last: 190.01 }, MSFT: { bid: 420.1, ask: 420.15, last: 420.12 }, SPY: { bid: 560.3, ask: 560.33, last: 560.31 } };

export interface Accounts {
  manager: MultiBrokerManager;
  a: SimAccount;
  b: SimAccount;
  /** Set `up` to bring paper-down back. */
  line: { up: boolean };
}

/** `broker` with its network gone while `line.up` is false: connecting and every read fail with a `ConnectionError`. */
export function unreachable(broker: Broker, line: { up: boolean }): Broker {
  const refused = async (): Promise<never> => {
    throw new ConnectionError('paper-down: connect ECONNREFUSED 127.0.0.1:9', { broker: 'sim' });
  };
  const failing = new Set(['connect', 'getAccount', 'getPositions', 'listOrders', 'getQuote', 'getOrder']);
  return new Proxy(broker, {
    get: (target, key, receiver) => (line.up ? Reflect.get(target, key, receiver) as unknown : typeof key === 'string' && failing.has(key) ? refused : key === 'connected' ? false : Reflect.get(target, key, receiver) as unknown),
  });
}

export async function threeAccounts(): Promise<Accounts> {
  const sim = (name: string, cash: number) => createSimBroker({ session: 'always', initialCash: cash, prices: { kind: 'static', quotes: QUOTES } }, { name });
  const a = sim('paper-a', 100_000);
  const b = sim('paper-b', 50_000);
  const line = { up: false };
  const down = unreachable(sim('paper-down', 10_000), line);
  const manager = new MultiBrokerManager({ risk: { max_daily_loss: 5_000 } });
  manager.addBroker('paper-a', a, { isDefault: true, risk: { max_position_size: 0.25, min_cash_balance: 1_000 } });
  manager.addBroker('paper-b', b, { risk: { stop_loss_pct: 0.05 } });
  manager.addBroker('paper-down', down);
  await manager.connectAll();
  await manager.submitOrder('paper-a', { symbol: 'AAPL', side: 'buy', quantity: 10 });
  await manager.submitOrder('paper-a', { symbol: 'MSFT', side: 'buy', quantity: 3.5 });
  await manager.submitOrder('paper-b', { symbol: 'AAPL', side: 'buy', quantity: 7 });
  await manager.submitOrder('paper-b', { symbol: 'SPY', side: 'buy', quantity: 2 });
  await manager.submitOrder('paper-b', { symbol: 'SPY', side: 'buy', quantity: 1, type: 'limit', limitPrice: 500, timeInForce: 'gtc' });
  return { manager, a, b, line };
}
