export type { Broker, BrokerAdapter, BrokerEvents, OrderPreview } from './broker.ts';
export { ManualClock, systemClock } from './clock.ts';
export type { Clock } from './clock.ts';
export {
  clientOrderIdProblem,
  DEFAULT_CLIENT_ORDER_ID_RULES,
  generateClientOrderId,
} from './client-order-id.ts';
export type { ClientOrderIdRules } from './client-order-id.ts';
export { BrokerError, ERROR_CHANNEL, hasErrorCode, isBrokerError } from './errors/broker-error.ts';
export type { BrokerErrorJSON, BrokerErrorOptions } from './errors/broker-error.ts';
export { ErrorCode } from './errors/codes.ts';
export type { OrderOutcomeKind } from './errors/codes.ts';
export { outcomeOf } from './errors/outcome.ts';
export {
  AuthenticationError,
  BrokerProtocolError,
  ConfigError,
  ConnectionError,
  InsufficientFundsError,
  InvalidOrderError,
  LockedError,
  NotFoundError,
  NotSupportedError,
  OrderNotFoundError,
  OrderStateError,
  PermissionDeniedError,
  RateLimitError,
  ReauthRequiredError,
  RiskLimitError,
  UnknownOutcomeError,
} from './errors/subclasses.ts';
export { applyOrderUpdate, orderReport } from './lifecycle/apply.ts';
export type { ApplyResult, OrderUpdate } from './lifecycle/apply.ts';
export {
  classifyTransition,
  FILL_STATUSES,
  isTerminalStatus,
  ORDER_TRANSITIONS,
  RACE_TRANSITIONS,
  TERMINAL_STATUSES,
} from './lifecycle/transitions.ts';
export { createLogger, LOG_CHANNEL, silentLogger } from './logging/logger.ts';
export type { LogLevel, Logger, LoggerOptions, LogRecord } from './logging/logger.ts';
export { REDACTED, Redactor, SECRET_FIELD_PATTERN } from './logging/redact.ts';
export { AccountInfoSchema, PositionSchema, QuoteSchema } from './model/account.ts';
export type { AccountInfo, Position, Quote } from './model/account.ts';
export { CapabilitiesSchema } from './model/capabilities.ts';
export type { Capabilities } from './model/capabilities.ts';
export { OrderClass, OrderSide, OrderStatus, OrderType, TimeInForce } from './model/enums.ts';
export { FillSchema, OrderFilterSchema, OrderSchema } from './model/order.ts';
export { orderMatchesFilter } from './model/order-filter.ts';
export type { Fill, Order, OrderFilter, OrderFilterInput } from './model/order.ts';
export {
  OrderReplaceSchema,
  OrderRequestSchema,
  StopLossLeg,
  TakeProfitLeg,
} from './model/order-request.ts';
export type { OrderReplace, OrderReplaceInput, OrderRequest, OrderRequestInput, ParsedOrderRequest } from './model/order-request.ts';
export { deriveOrderRequest, formatIssues, formatPath, isParsedOrderRequest, parseConfig, parseInput, parseOrderRequest } from './model/parse.ts';
export type { OrderRequestChanges, ParseInputOptions, ParseKind, ParseOrderOptions } from './model/parse.ts';
export { describe as describeValue, finiteNumber, isoTimestamp, nonNegativeNumber, positiveNumber, symbolSchema } from './model/primitives.ts';
export { Decimal, ExactSum, formatMoney, roundMoney, sumExact } from './money.ts';
export { investHome } from './fs/invest-home.ts';
export { resolveCredentialField } from './credential-field.ts';
export type { CredentialFieldRequest } from './credential-field.ts';
export type { BrokerPlugin, CredentialField, CredentialSource, CredentialStore, CredentialStoreKind, EnvMap, LoginContext, PluginContext } from './plugin.ts';
export { RateLimiter, resetSharedRateLimiters, sharedRateLimiter } from './rate-limit/limiter.ts';
export type { RateRule } from './rate-limit/limiter.ts';
export { BrokerFactory, BrokerRegistry, defaultRegistry } from './registry/registry.ts';
export { assertSupported } from './wrappers/capabilities-check.ts';
export { BrokerDecorator, composeBroker } from './wrappers/decorator.ts';
export type { BrokerWrapper } from './wrappers/decorator.ts';
export { withLogging } from './wrappers/logging.ts';
export { withRateLimit } from './wrappers/rate-limit.ts';
export { retryIdempotent, withRetry } from './wrappers/retry.ts';
export type { RetryOptions } from './wrappers/retry.ts';
export { withValidation } from './wrappers/validation.ts';
export { writeFileAtomic } from './fs/atomic-write.ts';
export type { AtomicWriteOptions } from './fs/atomic-write.ts';
export { sweepDeadTemporaries, withFileLock } from './fs/file-lock.ts';
export type { FileLockOptions } from './fs/file-lock.ts';
export { submitWithRecovery } from './lifecycle/submit-with-recovery.ts';
export type { RecoveryHooks, RecoveryOptions } from './lifecycle/submit-with-recovery.ts';
export { selectBaseUrl } from './http/base-url.ts';
export type { BaseUrls, BrokerEnvironment } from './http/base-url.ts';
export { assertPaperUrl, isLocalMachineHost, isLoopbackHost, normalizeEndpoint, paperUrlProblem } from './http/paper-hosts.ts';
export type { NormalizedEndpoint, PaperUrlOptions } from './http/paper-hosts.ts';
export type { ErrorKind } from './http/error-kind.ts';
export { defineErrorMap, mapHttpError, resolveErrorKind } from './http/error-map.ts';
export type { ErrorDetails, ErrorExtractor, ErrorMap, ErrorMapSpec, ErrorResponseInfo, MapHttpErrorContext, TextRedactor } from './http/error-map.ts';
export { createHttpClient } from './http/http-client.ts';
export type {
  HttpAuthHeaders,
  HttpAuthRequest,
  HttpClient,
  HttpClientOptions,
  HttpDeleteOptions,
  HttpMethod,
  HttpOrderOptions,
  HttpQuery,
  HttpReadOptions,
  HttpRequestBody,
  HttpRequestOptions,
  HttpResult,
  HttpRetryOptions,
  HttpRetryOverride,
  HttpWriteOptions,
  OrderMethod,
} from './http/http-client.ts';
export { parseResponseBody } from './http/response-body.ts';
export type { BodySource } from './http/response-body.ts';
export { parseRetryAfter } from './http/retry-timing.ts';
export type { RateLimitHeaders, ResetUnit } from './http/retry-timing.ts';
export { wallClock, zoneOffsetAt } from './time/wall-clock.ts';
export type { WallClock } from './time/wall-clock.ts';
