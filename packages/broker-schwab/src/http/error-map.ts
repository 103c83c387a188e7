import { defineErrorMap, type ErrorDetails } from '@invest/broker-core';
import { SchwabMarketDataErrorSchema, SchwabServiceErrorSchema, TdErrorSchema } from '../schemas/error.ts';

/** Reads the three error shapes Schwab's and TD's APIs answer; anything else is mapped by status. */
function extractSchwabError(body: unknown): ErrorDetails | undefined {
  const data = SchwabMarketDataErrorSchema.safeParse(body);
  if (data.success) {
    const first = data.data.errors[0]!;
    const message = [first.title, first.detail].filter(Boolean).join(': ');
    return { ...(first.status ? { code: first.status } : {}), ...(message ? { message } : {}), ...(first.id ? { requestId: first.id } : {}) };
  }
  const service = SchwabServiceErrorSchema.safeParse(body);
  if (service.success && (service.data.message !== undefined || service.data.errors?.length)) {
    return { message: [service.data.message, ...(service.data.errors ?? [])].filter(Boolean).join('; ') };
  }
  const td = TdErrorSchema.safeParse(body);
  if (td.success) return { message: td.data.error };
  return typeof body === 'string' && body.trim() !== '' && !body.trimStart().startsWith('<') ? { message: body.slice(0, 300) } : undefined;
}

/**
 * Schwab's (and TD Ameritrade's) error answers -> core errors, by table: the message first (the
 * APIs give no error codes of their own), then the HTTP status. The broker's message is kept
 * (`brokerMessage`). Sources: the Trader API's documented error statuses (400 validation, 401
 * token, 403 forbidden, 404 not found, 429 throttled, 500 / 503 server) and the texts the APIs use.
 */
export const schwabErrorMap = defineErrorMap({
  extract: extractSchwabError,
  byText: [
    [/insufficient (?:funds|buying power)|not enough (?:funds|buying power|cash)|exceeds (?:your )?(?:available )?buying power/i, 'insufficient_funds'],
    [/order (?:not found|does not exist)|no (?:such )?order|account (?:not found|does not exist)/i, 'not_found'],
    [/(?:access )?token (?:is )?(?:invalid|expired)|invalid_token|unauthori[sz]ed|client not authorized/i, 'authentication'],
    [/rate limit|too many requests|exceeded the (?:order|request) limit|throttl/i, 'rate_limit'],
    [/not (?:cancelable|replaceable|editable)|cannot be (?:canceled|cancelled|replaced)|order (?:was )?rejected|invalid (?:order|price|quantity|symbol|duration|session)|validation (?:failed|error)|short sale/i, 'invalid_order'],
    [/forbidden|not permitted|restricted/i, 'permission'],
  ],
  byStatus: { 400: 'invalid_order', 401: 'authentication', 403: 'permission', 404: 'not_found', 422: 'invalid_order', 429: 'rate_limit' },
});
