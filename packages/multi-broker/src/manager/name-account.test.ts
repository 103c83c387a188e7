import { OrderStateError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { nameAccount } from './name-account.ts';

describe('nameAccount', () => {
  it('puts the account name in front of a message that does not name it, keeping the error itself', () => {
    const error = new OrderStateError('Order ord-000001 is filled and cannot be canceled', { broker: 'sim' });
    const named = nameAccount(error, 'paper-1');
    expect(named).toBe(error);
    expect(named.message).toBe('paper-1: Order ord-000001 is filled and cannot be canceled');
    expect(named).toBeInstanceOf(OrderStateError);
    expect((named as OrderStateError).toJSON().message).toBe(named.message);
  });

  it('leaves a message that names the account alone, and tells paper-1 from paper-10', () => {
    expect(nameAccount(new Error('Risk limit max_position_size (paper-1): too big'), 'paper-1').message).toBe('Risk limit max_position_size (paper-1): too big');
    expect(nameAccount(new Error('paper-10: down'), 'paper-1').message).toBe('paper-1: paper-10: down');
    expect(nameAccount('boom', 'a.b').message).toBe('a.b: boom');
  });
});
