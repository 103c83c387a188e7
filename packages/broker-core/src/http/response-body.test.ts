import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BrokerProtocolError } from '../errors/subclasses.ts';
import { parseResponseBody } from './response-body.ts';

const source = { broker: 'alpaca', what: 'GET /v2/account', status: 200 };
const Account = z.object({ id: z.string(), cash: z.string(), positions: z.array(z.object({ symbol: z.string() })) });

function protocolError(fn: () => unknown): BrokerProtocolError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BrokerProtocolError);
    return error as BrokerProtocolError;
  }
  throw new Error('expected a BrokerProtocolError');
}

describe('parseResponseBody', () => {
  it('returns the parsed value', () => {
    expect(parseResponseBody(Account, '{"id":"a","cash":"10","positions":[]}', source)).toEqual({ id: 'a', cash: '10', positions: [] });
  });

  it('gives undefined to the schema for an empty body', () => {
    expect(parseResponseBody(z.undefined(), '', source)).toBeUndefined();
    expect(parseResponseBody(z.object({}).optional(), '  ', source)).toBeUndefined();
    expect(protocolError(() => parseResponseBody(Account, '', source)).message).toMatch(/empty body/);
  });

  it('refuses invalid JSON without quoting the body', () => {
    const body = '{"id": "a", "secret_note": "do-not-print-me"';
    const error = protocolError(() => parseResponseBody(Account, body, source));
    expect(error.message).toBe(`alpaca: the answer to GET /v2/account (HTTP 200) is not valid JSON (${body.length} characters)`);
    expect(error.cause).toBeUndefined();
    expect(error.status).toBe(200);
  });

  it('names the first bad path and counts the rest, without the body', () => {
    const body = JSON.stringify({ id: 'a', cash: 12, positions: [{ symbol: 5 }], padding: 'do-not-print-me' });
    const error = protocolError(() => parseResponseBody(Account, body, source));
    expect(error.message).toBe('alpaca: unexpected answer to GET /v2/account (HTTP 200): cash: must be string, got 12 (and 1 more)');
    expect(error.message).not.toContain('do-not-print-me');
    expect(error.cause).toBeUndefined();
  });

  it('hides the value of a bad field whose name looks secret', () => {
    const Token = z.object({ access_token: z.string().length(10) });
    const error = protocolError(() => parseResponseBody(Token, '{"access_token":"tok-very-secret-value"}', source));
    expect(error.message).toContain('access_token: is not valid (value hidden)');
    expect(error.message).not.toContain('tok-very-secret-value');
  });

  it('turns a throwing transform into a protocol error', () => {
    const Throwing = z.object({ id: z.string() }).transform(() => {
      throw new Error('transform bug');
    });
    const error = protocolError(() => parseResponseBody(Throwing, '{"id":"a"}', source));
    expect(error.message).toMatch(/could not be read/);
    expect((error.cause as Error).message).toBe('transform bug');
  });
});
