import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConfigError, InvalidOrderError } from '../errors/subclasses.ts';
import { OrderRequestSchema } from './order-request.ts';
import { deriveOrderRequest, isParsedOrderRequest, parseInput, parseOrderRequest } from './parse.ts';

describe('parseOrderRequest: the one edge', () => {
  it('returns a frozen, marked request; given it again, returns it at once without running the schema', () => {
    const spy = vi.spyOn(OrderRequestSchema, 'safeParse');
    try {
      const req = parseOrderRequest({ symbol: 'aapl', side: 'buy', quantity: 3 });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(Object.isFrozen(req)).toBe(true);
      expect(isParsedOrderRequest(req)).toBe(true);
      expect(parseOrderRequest(req)).toBe(req);
      expect(parseOrderRequest(req, { clientOrderId: { maxLength: 64, charset: 'A-Za-z0-9' } })).toBe(req);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('a copy of a parsed request is not trusted: it is parsed again', () => {
    const req = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 3 });
    expect(isParsedOrderRequest({ ...req })).toBe(false);
    expect(() => parseOrderRequest({ ...req, quantity: -1 })).toThrow(/Invalid order: quantity: /);
  });

  it("checks a parsed request's client order id against a stricter broker's rules", () => {
    const req = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 3, clientOrderId: 'a-very-long-client-order-id-1234' });
    expect(() => parseOrderRequest(req, { broker: 'etrade', clientOrderId: { maxLength: 20, charset: 'A-Za-z0-9' } })).toThrow(InvalidOrderError);
  });
});

describe('deriveOrderRequest', () => {
  it('makes a leg with another size and id without running the schema again', () => {
    const whole = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 30, type: 'limit', limitPrice: 10 });
    const spy = vi.spyOn(OrderRequestSchema, 'safeParse');
    try {
      const leg = deriveOrderRequest(whole, { size: 10, clientOrderId: 'leg1' });
      expect(spy).not.toHaveBeenCalled();
      expect(leg).toMatchObject({ symbol: 'AAPL', quantity: 10, clientOrderId: 'leg1', limitPrice: 10 });
      expect(isParsedOrderRequest(leg)).toBe(true);
      expect(whole.quantity).toBe(30);
    } finally {
      spy.mockRestore();
    }
  });

  it("a leg's new id is checked against the leg broker's rules; the whole order's longer id is not", () => {
    const whole = parseOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 30, clientOrderId: 'a-client-id-longer-than-twenty' });
    const narrow = { maxLength: 20, charset: 'A-Za-z0-9' };
    expect(deriveOrderRequest(whole, { size: 10, clientOrderId: 'leg1' }, narrow).clientOrderId).toBe('leg1');
    expect(() => deriveOrderRequest(whole, { size: 10, clientOrderId: 'leg-with-a-dash' }, narrow)).toThrow(/clientOrderId/);
  });

  it('an unparsed object is parsed whole first, and still gets the new size and id', () => {
    const leg = deriveOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: 30 } as never, { size: 5, clientOrderId: 'leg2' });
    expect(leg).toMatchObject({ quantity: 5, clientOrderId: 'leg2', type: 'market' });
    expect(isParsedOrderRequest(leg)).toBe(true);
    expect(() => deriveOrderRequest({ symbol: 'AAPL', side: 'buy', quantity: -1 } as never, { size: 5 })).toThrow(/quantity/);
  });

  it('changes notional on a notional order, and refuses a size that is not positive, naming the field and value', () => {
    const whole = parseOrderRequest({ symbol: 'AAPL', side: 'buy', notional: 100 });
    expect(deriveOrderRequest(whole, { size: 40 }).notional).toBe(40);
    expect(() => deriveOrderRequest(whole, { size: 0 })).toThrow(/Invalid order: notional: must be greater than 0, got 0/);
    expect(() => deriveOrderRequest(whole, { clientOrderId: 'bad id!' })).toThrow(/clientOrderId/);
  });
});

describe('parseInput', () => {
  const schema = z.strictObject({ limit: z.number().int().positive() });
  it('input: InvalidOrderError, denied, naming what, the field and the value', () => {
    const error = (() => { try { parseInput(schema, { limit: -2 }, 'order filter', { broker: 'sim' }); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect(error).toMatchObject({ field: 'limit', outcome: 'denied', broker: 'sim' });
    expect((error as Error).message).toMatch(/^Invalid order filter: limit: /);
  });

  it('config: ConfigError with the path, and a secret-looking field never has its value shown', () => {
    const cfg = z.strictObject({ apiKey: z.string().min(30) });
    const error = (() => { try { parseInput(cfg, { apiKey: 'sekrit-value' }, 'brokers.main', { kind: 'config' }); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('Invalid config: brokers.main.apiKey: is not valid (value hidden)');
    expect((error as Error).message).not.toContain('sekrit');
  });

  it('an input that throws while being read is still a typed error', () => {
    const hostile = new Proxy({}, { get() { throw new Error('boom'); }, ownKeys() { throw new Error('boom'); } });
    expect(() => parseInput(schema, hostile, 'order filter')).toThrow(/Invalid order filter: \(root\): could not be read as order filter/);
  });
});

describe('parseInput of a bare value', () => {
  it('names the value by `field` instead of (root)', () => {
    expect(() => parseInput(z.string().min(1, { error: 'must not be empty' }), '', 'symbol', { field: 'symbol' })).toThrow(/^Invalid symbol: symbol: must not be empty$/);
    try {
      parseInput(z.string(), 5, 'symbol', { field: 'symbol' });
    } catch (e) {
      expect(e).toMatchObject({ field: 'symbol', outcome: 'denied' });
    }
  });
});
