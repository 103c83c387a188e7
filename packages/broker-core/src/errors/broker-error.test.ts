import { describe, expect, it, vi } from 'vitest';
import { BrokerError, hasErrorCode, isBrokerError } from './broker-error.ts';
import { ErrorCode } from './codes.ts';
import { outcomeOf } from './outcome.ts';
import {
  AuthenticationError, ConnectionError, InvalidOrderError, RateLimitError, ReauthRequiredError, RiskLimitError, UnknownOutcomeError,
} from './subclasses.ts';

describe('BrokerError', () => {
  it('carries code, broker, retryable, the broker\'s own code and message, request id and cause', () => {
    const cause = new Error('socket hang up');
    const e = new RateLimitError('Too many requests to alpaca', {
      broker: 'alpaca', brokerCode: 42910000, brokerMessage: 'rate limit exceeded', requestId: 'req-1', retryAfterMs: 3000, cause,
    });
    expect(e).toMatchObject({ name: 'RateLimitError', code: 'RATE_LIMIT', broker: 'alpaca', retryable: true, brokerCode: 42910000, retryAfterMs: 3000 });
    expect(e.cause).toBe(cause);
    expect(e).toBeInstanceOf(BrokerError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(ConnectionError);
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ code: 'RATE_LIMIT', brokerMessage: 'rate limit exceeded', requestId: 'req-1' });
  });

  it('subclass chains hold: ReauthRequiredError is an AuthenticationError', () => {
    const e = new ReauthRequiredError('log in again', { command: 'invest auth login schwab' });
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.code).toBe(ErrorCode.REAUTH_REQUIRED);
    expect(e.command).toBe('invest auth login schwab');
  });

  it('guards and instanceof work across two copies of the package', async () => {
    vi.resetModules();
    // A query string makes the module runner load a second, separate instance of each module.
    const second = (file: string): string => `./${file}?copy=2`;
    const copy = (await import(second('subclasses.ts'))) as typeof import('./subclasses.ts');
    const copyBase = (await import(second('broker-error.ts'))) as typeof import('./broker-error.ts');
    expect(copy.InvalidOrderError).not.toBe(InvalidOrderError); // really another class identity
    const foreign = new copy.InvalidOrderError('bad', { field: 'quantity' });
    expect(foreign).toBeInstanceOf(InvalidOrderError);
    expect(foreign).toBeInstanceOf(BrokerError);
    expect(foreign).not.toBeInstanceOf(RateLimitError);
    expect(isBrokerError(foreign)).toBe(true);
    expect(hasErrorCode(foreign, ErrorCode.INVALID_ORDER)).toBe(true);
    expect(new RateLimitError('x')).toBeInstanceOf(copyBase.BrokerError);
    expect(isBrokerError(new Error('plain'))).toBe(false);
    expect(isBrokerError({ code: 'RATE_LIMIT' })).toBe(false);
  });

  it('classifies outcomes: denied, rejected, unknown', () => {
    expect(outcomeOf(new InvalidOrderError('x', { outcome: 'denied' }))).toBe('denied');
    expect(outcomeOf(new RiskLimitError('x', { rule: 'max_position_size' }))).toBe('denied');
    expect(outcomeOf(new InvalidOrderError('x'))).toBe('rejected');
    expect(outcomeOf(new UnknownOutcomeError('x', { clientOrderId: 'c' }))).toBe('unknown');
    expect(outcomeOf(new ConnectionError('reset'))).toBe('unknown');
    expect(outcomeOf(new TypeError('fetch failed'))).toBe('unknown');
  });
});
