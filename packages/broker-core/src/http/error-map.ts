import type { BrokerError } from '../errors/broker-error.ts';
import type { OrderOutcomeKind } from '../errors/codes.ts';
import { Redactor } from '../logging/redact.ts';
import { createKindError, ERROR_KINDS, isRetryableKind, type ErrorKind } from './error-kind.ts';
import { retryAfterFromHeaders, type RateLimitHeaders } from './retry-timing.ts';

/** What a broker's error body says, as an extractor reads it. */
export interface ErrorDetails {
  /** The broker's own error code, kept verbatim. */
  code?: string | number;
  /** The broker's own error message. */
  message?: string;
  /** Request id, where the broker puts one in the body. */
  requestId?: string;
}

/** The parts of an error answer an extractor may look at besides the body. */
export interface ErrorResponseInfo {
  readonly status: number;
  readonly headers: Headers;
}

/** Reads code, message and request id from a broker's error body (parsed JSON, or text). */
export type ErrorExtractor = (body: unknown, response: ErrorResponseInfo) => ErrorDetails | undefined;

/** A broker's error tables, as an adapter writes them. Every field is optional. */
export interface ErrorMapSpec {
  /** Reads the broker's error body. Default: `code` / `message` style fields of a JSON object. */
  extract?: ErrorExtractor;
  /** Exact broker code -> kind. Checked first. */
  byCode?: Readonly<Record<string, ErrorKind>>;
  /** Broad text match on the broker's message -> kind, first match wins. Checked second. */
  byText?: ReadonlyArray<readonly [RegExp, ErrorKind]>;
  /** HTTP status -> kind. Checked third, before the built-in status defaults. */
  byStatus?: Readonly<Partial<Record<number, ErrorKind>>>;
}

/** A complete, frozen error map (see `defineErrorMap`). */
export interface ErrorMap {
  readonly extract: ErrorExtractor;
  readonly byCode: Readonly<Record<string, ErrorKind>>;
  readonly byText: ReadonlyArray<readonly [RegExp, ErrorKind]>;
  readonly byStatus: Readonly<Partial<Record<number, ErrorKind>>>;
}

/** Anything that can scrub secrets out of text (a `Redactor`). */
export interface TextRedactor {
  text(input: string): string;
}

/** Where an error answer came from; every field is optional and only adds detail. */
export interface MapHttpErrorContext {
  /** Broker type for the error (`alpaca`). */
  broker?: string;
  /** Request method and path (no query), named in the message. */
  method?: string;
  path?: string;
  /** Response header that carries the broker's request id, e.g. `x-request-id`. */
  requestIdHeader?: string;
  /** Lets a rate-limit answer without `Retry-After` say how long to wait from its reset header. */
  rateLimitHeaders?: RateLimitHeaders;
  /** Current time (epoch ms) for HTTP-date `Retry-After` values. Default `Date.now()`. */
  now?: number;
  /** Scrubs secrets from the broker's message. Default: a `Redactor` with the built-in patterns. */
  redactor?: TextRedactor;
  /** For an order submission: what the answer proves (set `rejected` only for a refusal). */
  outcome?: OrderOutcomeKind;
}

/** Status -> kind where no table of the broker's says otherwise. */
const DEFAULT_STATUS_KINDS: Readonly<Partial<Record<number, ErrorKind>>> = {
  400: 'invalid_order',
  401: 'authentication',
  403: 'permission',
  404: 'not_found',
  408: 'connection',
  422: 'invalid_order',
  429: 'rate_limit',
};

/** Status class -> kind for statuses no table names. Redirects are not answers an API client can use. */
const STATUS_CLASS_KINDS: Readonly<Record<number, ErrorKind>> = { 3: 'protocol', 4: 'broker', 5: 'broker' };

const CODE_FIELDS = ['code', 'error_code', 'errorCode'] as const;
const MESSAGE_FIELDS = ['message', 'error_description', 'msg', 'error', 'detail'] as const;
const REQUEST_ID_FIELDS = ['request_id', 'requestId'] as const;

/** Message lengths: the error's own text stays readable; `brokerMessage` keeps more but is bounded. */
const MESSAGE_CLIP = 200;
const BROKER_MESSAGE_CLIP = 500;

const defaultRedactor = new Redactor();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstField<T>(body: Record<string, unknown>, fields: readonly string[], accept: (v: unknown) => v is T): T | undefined {
  for (const field of fields) {
    const value = body[field];
    if (accept(value)) return value;
  }
  return undefined;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isCode = (v: unknown): v is string | number => isText(v) || (typeof v === 'number' && Number.isFinite(v));

/**
 * The extractor used when a map gives none: `code`/`error_code`, `message`/`error_description`/
 * `error`, `request_id` of a JSON object; a plain-text body (not markup) as the message.
 */
function defaultExtract(body: unknown): ErrorDetails {
  if (typeof body === 'string') {
    // An HTML or XML page (a proxy's error page) says nothing useful and can be long.
    return isText(body) && !body.trimStart().startsWith('<') ? { message: body } : {};
  }
  if (!isRecord(body)) return {};
  const details: ErrorDetails = {};
  const code = firstField(body, CODE_FIELDS, isCode);
  const message = firstField(body, MESSAGE_FIELDS, isText);
  const requestId = firstField(body, REQUEST_ID_FIELDS, isText);
  if (code !== undefined) details.code = code;
  if (message !== undefined) details.message = message;
  if (requestId !== undefined) details.requestId = requestId;
  return details;
}

/** Keeps only well-typed fields of what an extractor returned. */
function cleanDetails(raw: unknown): ErrorDetails {
  if (!isRecord(raw)) return {};
  const details: ErrorDetails = {};
  if (isCode(raw.code)) details.code = typeof raw.code === 'string' ? raw.code.trim() : raw.code;
  if (isText(raw.message)) details.message = raw.message;
  if (isText(raw.requestId)) details.requestId = raw.requestId.trim();
  return details;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Builds a broker's error map: how to read its error body and which kind each answer is.
 * Resolution order: exact code (`byCode`), then text (`byText`), then `byStatus`, then the
 * defaults (400/422 invalid order, 401 authentication, 403 permission, 404 not found, 408
 * connection, 429 rate limit, other 4xx and 5xx a broker error, retryable for 5xx).
 *
 * @example
 * ```ts
 * const alpacaErrors = defineErrorMap({
 *   extract: (body) => (isAlpacaError(body) ? { code: body.code, message: body.message } : undefined),
 *   byCode: { '40310000': 'insufficient_funds' },
 *   byText: [[/insufficient (buying power|qty)/i, 'insufficient_funds']],
 *   byStatus: { 403: 'permission' },
 * })
 * ```
 */
export function defineErrorMap(spec: ErrorMapSpec = {}): ErrorMap {
  for (const entry of spec.byText ?? []) {
    if (!(entry[0] instanceof RegExp)) throw new TypeError('byText entries must be [RegExp, ErrorKind] pairs');
  }
  for (const kind of [...Object.values(spec.byCode ?? {}), ...Object.values(spec.byStatus ?? {}), ...(spec.byText ?? []).map((e) => e[1])]) {
    if (kind !== undefined && !Object.hasOwn(ERROR_KINDS, kind)) throw new TypeError(`unknown error kind ${JSON.stringify(kind)}`);
  }
  return Object.freeze({
    extract: spec.extract ?? defaultExtract,
    byCode: Object.freeze({ ...spec.byCode }),
    byText: Object.freeze([...(spec.byText ?? [])]),
    byStatus: Object.freeze({ ...spec.byStatus }),
  });
}

/**
 * Which kind an error answer is: exact code, then text, then status, then the defaults.
 *
 * @example
 * ```ts
 * resolveErrorKind(alpacaErrors, 403, { code: 40310000 }) // 'insufficient_funds'
 * resolveErrorKind(defineErrorMap(), 503, {}) // 'broker'
 * ```
 */
export function resolveErrorKind(map: ErrorMap, status: number, details: ErrorDetails): ErrorKind {
  if (details.code !== undefined) {
    const code = String(details.code);
    // hasOwn: a code such as "constructor" must not find Object.prototype.
    if (Object.hasOwn(map.byCode, code)) return map.byCode[code]!;
  }
  if (details.message !== undefined) {
    // `search` ignores a /g regex's lastIndex, so a shared pattern gives the same answer every time.
    const match = map.byText.find(([pattern]) => details.message!.search(pattern) !== -1);
    if (match) return match[1];
  }
  return map.byStatus[status] ?? DEFAULT_STATUS_KINDS[status] ?? STATUS_CLASS_KINDS[Math.floor(status / 100)] ?? 'broker';
}

/**
 * Turns a broker's error answer into the core error it means, keeping the broker's code,
 * message (secrets scrubbed, length bounded), request id, status and `Retry-After`. Adapters use
 * it for error bodies that arrive outside the http client too (a stream's error frame).
 *
 * @example
 * ```ts
 * const error = mapHttpError(alpacaErrors, 403, { code: 40310000, message: 'insufficient buying power' }, headers, { broker: 'alpaca' })
 * error instanceof InsufficientFundsError // true
 * error.brokerCode // 40310000
 * ```
 */
export function mapHttpError(
  map: ErrorMap,
  status: number,
  body: unknown,
  headers: Headers | Readonly<Record<string, string>> = {},
  context: MapHttpErrorContext = {},
): BrokerError {
  const responseHeaders = headers instanceof Headers ? headers : new Headers(headers);
  let details: ErrorDetails = {};
  let extractFailure: unknown;
  try {
    details = cleanDetails(map.extract(body, { status, headers: responseHeaders }));
  } catch (error) {
    // A broken extractor must not turn a rate limit into a TypeError: map by status, keep the cause.
    extractFailure = error;
  }
  const kind = resolveErrorKind(map, status, details);
  const redactor = context.redactor ?? defaultRedactor;
  const brokerMessage = details.message === undefined ? undefined : clip(redactor.text(oneLine(details.message)), BROKER_MESSAGE_CLIP);
  const headerRequestId = context.requestIdHeader ? responseHeaders.get(context.requestIdHeader) ?? undefined : undefined;
  const requestId = details.requestId ?? headerRequestId;
  const retryAfterMs = retryAfterFromHeaders(responseHeaders, context.now ?? Date.now(), {
    rateLimited: kind === 'rate_limit',
    rateLimitHeaders: context.rateLimitHeaders,
  });
  const broker = context.broker ?? 'invest';
  const facts = [
    status > 0 ? `HTTP ${status}` : undefined,
    details.code !== undefined ? `code ${details.code}` : undefined,
    context.method && context.path ? `${context.method} ${context.path.split('?')[0]}` : undefined,
    requestId !== undefined ? `request ${requestId}` : undefined,
  ].filter((f) => f !== undefined);
  const said = brokerMessage === undefined ? '' : `: ${clip(brokerMessage, MESSAGE_CLIP)}`;
  const message = `${broker}: ${ERROR_KINDS[kind].words}${said}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
  return createKindError(kind, message, {
    broker,
    status,
    retryable: isRetryableKind(kind, status),
    ...(details.code !== undefined ? { brokerCode: details.code } : {}),
    ...(brokerMessage !== undefined ? { brokerMessage } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(context.outcome !== undefined ? { outcome: context.outcome } : {}),
    ...(extractFailure !== undefined ? { cause: extractFailure } : {}),
  });
}
