import { describe, expect, it } from 'vitest';
import { FULL_CAPABILITIES, RecordingBroker } from '../../test/recording-broker.ts';
import { CANARY_SECRET } from '../../../../tools/test-setup/canary.ts';
import { ManualClock } from '../clock.ts';
import { ConnectionError, InvalidOrderError, NotSupportedError, OrderNotFoundError, UnknownOutcomeError } from '../errors/subclasses.ts';
import { createLogger, type LogRecord } from '../logging/logger.ts';
import { Redactor } from '../logging/redact.ts';
import { composeBroker } from './decorator.ts';
import { withLogging } from './logging.ts';
import { withRetry } from './retry.ts';
import { withValidation } from './validation.ts';

const order = { symbol: 'AAPL', side: 'buy', quantity: 10 } as const;

describe('withValidation', () => {
  it('refuses bad input with nothing reaching the adapter', async () => {
    const inner = new RecordingBroker();
    const broker = withValidation(inner);
    await expect(broker.submitOrder({ ...order, quantity: -1 })).rejects.toMatchObject({ code: 'INVALID_ORDER', field: 'quantity', outcome: 'denied' });
    await expect(broker.submitOrder({ ...order, type: 'limit' })).rejects.toBeInstanceOf(InvalidOrderError);
    await expect(broker.replaceOrder('o-1', {})).rejects.toBeInstanceOf(InvalidOrderError);
    await expect(broker.getQuote('')).rejects.toMatchObject({ field: 'symbol' });
    await expect(broker.listOrders({ status: 'bogus' as never })).rejects.toMatchObject({ field: 'status' });
    expect(inner.calls).toEqual([]);
  });

  it('enforces capabilities before any I/O', async () => {
    const inner = new RecordingBroker('small', {
      ...FULL_CAPABILITIES, orderTypes: ['market', 'limit'], orderClasses: ['simple'], fractional: false, notional: false, replace: false,
      clientOrderId: { maxLength: 20, charset: 'A-Za-z0-9' },
    });
    const broker = withValidation(inner);
    for (const req of [
      { ...order, type: 'stop', stopPrice: 200 },
      { ...order, quantity: 1.5 },
      { symbol: 'AAPL', side: 'buy', notional: 100 },
      { ...order, orderClass: 'oto', stopLoss: { stopPrice: 90 } },
    ] as const) {
      await expect(broker.submitOrder(req)).rejects.toBeInstanceOf(NotSupportedError);
    }
    await expect(broker.replaceOrder('o-1', { limitPrice: 5 })).rejects.toMatchObject({ code: 'NOT_SUPPORTED', capability: 'replace' });
    expect(inner.calls).toEqual([]);
    const placed = await broker.submitOrder(order);
    expect(placed.clientOrderId).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  it('refuses a fractional quantity off the broker increment', async () => {
    const broker = withValidation(new RecordingBroker('frac', { ...FULL_CAPABILITIES, fractionalIncrement: 0.01 }));
    await expect(broker.submitOrder({ ...order, quantity: 0.125 })).rejects.toMatchObject({ capability: 'fractionalIncrement' });
    await expect(broker.submitOrder({ ...order, quantity: 0.13 })).resolves.toMatchObject({ quantity: 0.13 });
    // A float quotient would call 33.333 / 1e-9 fractional; the decimals say otherwise.
    const fine = withValidation(new RecordingBroker('nano', { ...FULL_CAPABILITIES, fractionalIncrement: 1e-9 }));
    await expect(fine.submitOrder({ ...order, quantity: 33.333 })).resolves.toMatchObject({ quantity: 33.333 });
  });

  it('checks the fractional increment on the decimals, not a float quotient', async () => {
    const milli = withValidation(new RecordingBroker('milli', { ...FULL_CAPABILITIES, fractionalIncrement: 0.001 }));
    await expect(milli.submitOrder({ ...order, quantity: 33.333 })).resolves.toMatchObject({ quantity: 33.333 });
    await expect(milli.submitOrder({ ...order, quantity: 33.3335 })).rejects.toMatchObject({ code: 'NOT_SUPPORTED', capability: 'fractionalIncrement' });
    // 1.005 / 0.001 is 1004.9999999999999 in floating point; it is 1005 steps exactly.
    await expect(milli.submitOrder({ ...order, quantity: 1.005 })).resolves.toMatchObject({ quantity: 1.005 });
  });

  it('lets an adapter number the orders that come without a client order id', async () => {
    const inner = new RecordingBroker();
    const numbering = Object.assign(inner, { generateClientOrderId: () => 'own-1' });
    const placed = await withValidation(numbering).submitOrder(order);
    expect(placed.clientOrderId).toBe('own-1');
  });
});

describe('withRetry', () => {
  it('retries reads on retryable errors, waiting retryAfterMs', async () => {
    const clock = new ManualClock(0);
    const inner = new RecordingBroker();
    inner.failures.set('getAccount', [new ConnectionError('reset'), new ConnectionError('reset', { retryAfterMs: 5000 })]);
    const result = withRetry(inner, { clock, random: () => 0.5 }).getAccount();
    await clock.advance(100); // first backoff: 200 ms x 0.5
    await clock.advance(4999);
    expect(inner.count('getAccount')).toBe(2);
    await clock.advance(1);
    await expect(result).resolves.toMatchObject({ accountId: 'A1' });
    expect(inner.count('getAccount')).toBe(3);
  });

  it('never retries an order submission or a replace', async () => {
    const inner = new RecordingBroker();
    inner.failures.set('submitOrder', [new UnknownOutcomeError('lost', { clientOrderId: 'c1' })]);
    inner.failures.set('replaceOrder', [new ConnectionError('reset')]);
    const broker = withRetry(inner, { clock: new ManualClock(0) });
    await expect(broker.submitOrder({ ...order, clientOrderId: 'c1' })).rejects.toBeInstanceOf(UnknownOutcomeError);
    await expect(broker.replaceOrder('o-1', { limitPrice: 3 })).rejects.toBeInstanceOf(ConnectionError);
    expect(inner.count('submitOrder')).toBe(1);
    expect(inner.count('replaceOrder')).toBe(1);
  });

  it('does not retry a non-retryable error', async () => {
    const inner = new RecordingBroker();
    inner.failures.set('getOrder', [new OrderNotFoundError('nope')]);
    await expect(withRetry(inner).getOrder('x')).rejects.toBeInstanceOf(OrderNotFoundError);
    expect(inner.count('getOrder')).toBe(1);
  });
});

describe('withLogging', () => {
  it('logs calls and failures with secrets redacted', async () => {
    const records: LogRecord[] = [];
    // The error carries a registered secret of its own (not the canary: creating an error that
    // holds the canary is itself a leak the suite-wide watch reports).
    const registered = 'hunter2-registered-secret';
    const log = createLogger({ level: 'debug', sink: (r) => records.push(r), redactor: new Redactor([CANARY_SECRET, registered]) });
    const inner = new RecordingBroker();
    inner.failures.set('getQuote', [new ConnectionError(`upstream echoed ${registered}`)]);
    const broker = composeBroker(inner, withValidation, (b) => withLogging(b, log));
    await broker.submitOrder({ ...order, clientOrderId: 'abc' });
    await expect(broker.getQuote('AAPL')).rejects.toBeInstanceOf(ConnectionError);
    log.info('config', { apiSecret: CANARY_SECRET, nested: { authorization: 'Bearer abc', note: `x ${CANARY_SECRET} y` } });
    const text = JSON.stringify(records);
    expect(text).not.toContain(CANARY_SECRET);
    expect(text).not.toContain(registered);
    expect(records.find((r) => r.msg === 'order submitted')).toMatchObject({ clientOrderId: 'abc', broker: 'rec' });
    expect(records.find((r) => r.msg === 'getQuote failed')).toMatchObject({ level: 'warn', error: { code: 'CONNECTION' } });
    expect(records.at(-1)).toMatchObject({ apiSecret: '[REDACTED]', nested: { authorization: '[REDACTED]', note: 'x [REDACTED] y' } });
  });
});
