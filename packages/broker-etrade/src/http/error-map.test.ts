import { AuthenticationError, InvalidOrderError, mapHttpError, OrderNotFoundError, RateLimitError, ReauthRequiredError } from '@invest/broker-core';
import { describe, expect, it } from 'vitest';
import { etradeErrorMap, isDuplicateClientOrderId } from './error-map.ts';

const map = (status: number, body: unknown) => mapHttpError(etradeErrorMap, status, body, new Headers(), { broker: "etrade" });

describe('E*TRADE error table', () => {
  it('reads JSON and XML Error bodies, keeping the code and message', () => {
    const json = map(400, { Error: { code: 101, message: 'previewId invalid' } });
    expect(json).toBeInstanceOf(InvalidOrderError);
    expect(json).toMatchObject({ brokerCode: 101, brokerMessage: 'previewId invalid' });
    const xml = map(400, '<Error><code>1019</code><message>Invalid symbol</message></Error>');
    expect(xml).toBeInstanceOf(OrderNotFoundError);
    expect(xml).toMatchObject({ brokerCode: '1019' });
  });

  it("maps the rate-limit sentence on a 400 to RateLimitError, in JSON, XML or HTML", () => {
    expect(map(400, { Error: { message: 'Number of requests exceeded the rate limit set' } })).toBeInstanceOf(RateLimitError);
    expect(map(400, '<html><body>Number of requests exceeded the rate limit set</body></html>')).toBeInstanceOf(RateLimitError);
    expect(map(400, { Error: { code: 100, message: 'Something else' } })).not.toBeInstanceOf(RateLimitError);
  });

  it('maps OAuth problems of a 401: an expired token needs a new login', () => {
    expect(map(401, '<html>oauth_problem=token_rejected</html>')).toBeInstanceOf(AuthenticationError);
    expect(map(401, 'oauth_problem=token_expired')).toBeInstanceOf(ReauthRequiredError);
  });

  it('recognises a duplicate client order id answer as proof of landing', () => {
    expect(isDuplicateClientOrderId(map(400, { Error: { code: 1073, message: 'Duplicate client order id abc: this clientOrderId was already used' } }))).toBe(true);
    expect(isDuplicateClientOrderId(map(400, { Error: { code: 101, message: 'previewId invalid' } }))).toBe(false);
  });
});
