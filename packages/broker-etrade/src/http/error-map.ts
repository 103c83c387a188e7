import { defineErrorMap, type BrokerError, type ErrorDetails } from '@invest/broker-core';
import { EtradeErrorSchema } from '../schemas/error.ts';

/** E*TRADE's rate-limit wording (v1-facts §8): an HTTP 400 whose text carries it, in JSON, XML or HTML. */
export const ETRADE_RATE_LIMIT_TEXT = /number of requests exceeded the rate limit/i;

/**
 * Wording of a refused duplicate client order id. E*TRADE publishes no code or text for it
 * (v1-facts §7.3, unconfirmed); these are the forms an answer naming the client order id as
 * already used would take.
 */
export const ETRADE_DUPLICATE_CLIENT_ORDER_ID = /client\s*order\s*id\b.*\b(?:already|duplicate|exists|in use|unique)|duplicate\s+client\s*order\s*id/i;

const XML_CODE = /<code>\s*([^<]{1,20}?)\s*<\/code>/i;
const XML_MESSAGE = /<message>\s*([^<]{1,500}?)\s*<\/message>/i;
const OAUTH_PROBLEM = /oauth_problem=([a-z_]{1,40})/i;

/**
 * Reads E*TRADE's error bodies (v1-facts §7.1): JSON `{"Error":{"code","message"}}`; the same in
 * XML (errors can come as XML to a JSON request); `oauth_problem=...` in a 401's HTML or text
 * (the problem becomes the code); the rate-limit page's sentence.
 */
function extractEtradeError(body: unknown): ErrorDetails | undefined {
  const parsed = EtradeErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message } = parsed.data.Error;
    return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) };
  }
  if (typeof body !== 'string' || body.trim() === '') return undefined;
  const rateLimit = ETRADE_RATE_LIMIT_TEXT.exec(body);
  if (rateLimit) return { message: 'Number of requests exceeded the rate limit set' };
  const problem = OAUTH_PROBLEM.exec(body)?.[1];
  if (problem !== undefined) return { code: problem, message: `oauth_problem=${problem}` };
  const code = XML_CODE.exec(body)?.[1];
  const message = XML_MESSAGE.exec(body)?.[1];
  if (code !== undefined || message !== undefined) return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) };
  return body.trimStart().startsWith('<') ? undefined : { message: body.slice(0, 500) };
}

/**
 * E*TRADE's error answers -> core errors, by table: exact code (numeric codes of v1-facts §7.3,
 * OAuth problems of §7.4), then text, then HTTP status. Every 4xx is a refusal: a 400 is bad input
 * or a business rejection, unless its text is the rate-limit sentence (`RateLimitError`).
 */
export const etradeErrorMap = defineErrorMap({
  extract: extractEtradeError,
  byCode: {
    // Account key not the user's / invalid account key (orders, transactions).
    '100': 'permission',
    '102': 'not_found',
    // previewId invalid, stale or missing.
    '101': 'invalid_order',
    '1037': 'insufficient_funds',
    '3010': 'insufficient_funds',
    '33': 'invalid_order',
    // Quote: invalid symbol; invalid count; product details unavailable.
    '1019': 'not_found',
    '1025': 'invalid_order',
    '1002': 'not_found',
    token_rejected: 'authentication',
    token_expired: 'reauth_required',
    token_revoked: 'reauth_required',
    signature_invalid: 'authentication',
    consumer_key_rejected: 'authentication',
    consumer_key_unknown: 'authentication',
    timestamp_refused: 'authentication',
    nonce_used: 'authentication',
  },
  byText: [
    [ETRADE_RATE_LIMIT_TEXT, 'rate_limit'],
    [ETRADE_DUPLICATE_CLIENT_ORDER_ID, 'invalid_order'],
    [/insufficient (?:funds|shares|buying power)|not enough (?:cash|buying power)/i, 'insufficient_funds'],
    [/not (?:available|eligible) (?:for|to) short|cannot be sold short/i, 'invalid_order'],
    [/order (?:not found|does not exist)|invalid order ?id/i, 'not_found'],
  ],
  byStatus: { 400: 'invalid_order', 401: 'authentication', 403: 'permission', 404: 'not_found', 429: 'rate_limit' },
});

/**
 * True when an error is E*TRADE saying the client order id was used before: an order with it
 * already landed (proof for the recovery loop, core's `landed` hook).
 *
 * @example
 * ```ts
 * if (isDuplicateClientOrderId(error)) return findByClientOrderId(id)
 * ```
 */
export function isDuplicateClientOrderId(error: BrokerError): boolean {
  return error.brokerMessage !== undefined && ETRADE_DUPLICATE_CLIENT_ORDER_ID.test(error.brokerMessage);
}
