// @stoqey/ib reads its own configuration on first use, and that loads a .env file of the working
// directory through dotenv (and reads IB_PORT and friends). The adapter passes every option, so
// the library's configuration, and dotenv with it, is never loaded.
import { createRequire } from 'node:module';
import { withValidation } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { startFake, testAdapter } from './fake/harness.ts';

const require = createRequire(import.meta.url);
const loaded = (fragment: string): boolean => Object.keys(require.cache).some((path) => path.includes(fragment));

describe("the library's own configuration", () => {
  it('is never loaded: no dotenv, no environment read, through connect, an order and reads', async () => {
    const tws = await startFake();
    const broker = withValidation(testAdapter(tws));
    try {
      await broker.connect();
      await broker.submitOrder({ symbol: 'AAPL', side: 'buy', quantity: 1 });
      await broker.getQuote('AAPL');
      await broker.getPositions();
      await broker.getAccount();
      expect(loaded('@stoqey/ib/dist/core/io/socket.js')).toBe(true);
      expect(loaded('/dotenv/')).toBe(false);
    } finally {
      await broker.disconnect();
      await tws.stop();
    }
  });
});
