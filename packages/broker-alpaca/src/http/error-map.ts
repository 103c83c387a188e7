import { defineErrorMap, type BrokerError, type ErrorDetails } from '@invest/broker-core';
import { AlpacaErrorSchema } from '../schemas/error.ts';

/** Reads `{ code, message }`; a body that is not Alpaca's shape yields nothing (mapped by status). */
function extractAlpacaError(body: unknown): ErrorDetails | undefined {
  const parsed = AlpacaErrorSchema.safeParse(body);
  if (!parsed.success) return typeof body === 'string' && body.trim() !== '' && !body.trimStart().startsWith('<') ? { message: body } : undefined;
  return { code: parsed.data.code, message: parsed.data.message };
}

/**
 * Alpaca's error answers -> core errors, by table: exact code first, then the message, then the
 * HTTP status. Alpaca overloads some codes (40310000 is "forbidden" for buying power, shortable
 * shares, PDT protection and more; 40010001 for most validation errors), so those are told apart
 * by message, and only codes with one meaning are mapped by code. The error keeps Alpaca's code
 * and message (`brokerCode`, `brokerMessage`).
 */
export const alpacaErrorMap = defineErrorMap({
  extract: extractAlpacaError,
  byCode: {
    '40110000': 'authentication',
    '40410000': 'not_found',
    '42910000': 'rate_limit',
    '50010000': 'broker',
  },
  byText: [
    [/insufficient (?:day trading )?buying power|insufficient (?:underlying )?qty|not enough (?:cash|buying power)/i, 'insufficient_funds'],
    [/client_order_id must be unique/i, 'invalid_order'],
    [/wash trade|sub-?penny|not cancelable|not replaceable|is not (?:tradable|shortable|fractionable)|cannot be sold short/i, 'invalid_order'],
    [/(?:order|position|asset) (?:not found|does not exist)|no such order/i, 'not_found'],
    [/not allowed for account|not authorized to trade|trading (?:is )?(?:blocked|suspended)|account is (?:blocked|restricted)|pattern day trad|day trading (?:margin call )?protection/i, 'permission'],
    [/too many requests|rate limit/i, 'rate_limit'],
    [/request is not authorized|unauthorized|invalid (?:api )?key/i, 'authentication'],
  ],
  byStatus: { 400: 'invalid_order', 401: 'authentication', 403: 'permission', 404: 'not_found', 422: 'invalid_order', 429: 'rate_limit' },
});

/** Alpaca's answer when a client order id was used before: proof that an order with it exists. */
const DUPLICATE_CLIENT_ORDER_ID = /client_order_id must be unique/i;

/**
 * True when an error is Alpaca saying the client order id is taken, i.e. an order with it
 * already landed (a resend after a lost answer).
 *
 * @example
 * ```ts
 * if (isDuplicateClientOrderId(error)) return findOrderByClientId(clientOrderId)
 * ```
 */
export function isDuplicateClientOrderId(error: BrokerError): boolean {
  return error.brokerMessage !== undefined && DUPLICATE_CLIENT_ORDER_ID.test(error.brokerMessage);
}
