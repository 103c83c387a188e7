import { OrderSchema } from '@invest/broker-core';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { blankOrder, internalOrder, ORDER_FIELDS, publicFields } from './order-fields.ts';

const limitOrder = {
  id: 'ord-000001', clientOrderId: 'c-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', orderClass: 'simple',
  status: 'new', quantity: 10, filledQuantity: 0, limitPrice: 180, extendedHours: false,
  createdAt: '2026-03-02T15:00:00.000Z', updatedAt: '2026-03-02T15:00:00.000Z',
} as const;

describe('ORDER_FIELDS', () => {
  test('is every field of the core Order schema, in its order (a new field cannot be forgotten)', () => {
    const shape = (OrderSchema as unknown as z.ZodObject).shape;
    expect([...ORDER_FIELDS]).toEqual(Object.keys(shape));
  });

  test('the engine shape holds every field, set or not, in one order', () => {
    const o = internalOrder(limitOrder);
    expect(Object.keys(o)).toEqual([...ORDER_FIELDS]);
    expect(o.notional).toBeUndefined();
    expect(o.limitPrice).toBe(180);
  });

  test('a blank order holds every field, undefined, and each call gives a new one', () => {
    const a = blankOrder();
    expect(Object.keys(a)).toEqual([...ORDER_FIELDS]);
    expect(Object.values(a).every((v) => v === undefined)).toBe(true);
    a.id = 'ord-000001';
    expect(blankOrder().id).toBeUndefined();
  });

  test('the public shape holds only the fields that are set', () => {
    const out = publicFields(internalOrder(limitOrder));
    expect(out).toEqual(limitOrder);
    expect(Object.values(out)).not.toContain(undefined);
    expect('notional' in out).toBe(false);
  });
});
