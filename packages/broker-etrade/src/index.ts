export { etradePlugin } from './plugin.ts';
export type { EtradePlugin } from './plugin.ts';
export { EtradeBroker } from './etrade-broker.ts';
export type { EtradeTuning } from './tuning.ts';
export { etradeLogin } from './login.ts';
export type { EtradeLoginOptions } from './login.ts';
export { ETRADE_ENDPOINTS, ETRADE_ENV_NAMES, ETRADE_SANDBOX_HOSTS, EtradeConfigSchema, etradeConfigFromEnv, etradeEndpoints } from './config.ts';
export type { EtradeConfig, EtradeConfigInput, EtradeEndpoints } from './config.ts';
export { ETRADE_CAPABILITIES, ETRADE_ORDER_RULES, ETRADE_ORDER_TERMS, ETRADE_PRECISION, assertEtradeRules } from './capabilities.ts';
export { ETRADE_DUPLICATE_CLIENT_ORDER_ID, ETRADE_RATE_LIMIT_TEXT, etradeErrorMap, isDuplicateClientOrderId } from './http/error-map.ts';
export { ETRADE_JSON_HEADERS } from './http/client.ts';
export { ETRADE_CLIENT_ORDER_ID, etradeClientOrderId } from './orders/client-order-id.ts';
export { PlacedLog, placedLogPath } from './orders/placed-log.ts';
export type { PlacedEntry } from './orders/placed-log.ts';
export type { EtradePreview } from './orders/submit.ts';
export { chooseAccount } from './session.ts';
export { ETRADE_STATUS, toCoreOrder } from './map/order.ts';
export type { OrderContext } from './map/order.ts';
export { toEtradeOrder, toPlaceRequest, toPreviewRequest } from './map/order-body.ts';
export { toCoreAccount } from './map/account.ts';
export { toCorePosition } from './map/position.ts';
export { toCoreQuote } from './map/quote.ts';
export { EtradeAccountListSchema, EtradeAccountSchema, EtradeBalanceSchema } from './schemas/account.ts';
export type { EtradeAccount, EtradeBalance } from './schemas/account.ts';
export { EtradePortfolioSchema, EtradePositionSchema } from './schemas/portfolio.ts';
export type { EtradePosition } from './schemas/portfolio.ts';
export { EtradeQuoteDataSchema, EtradeQuoteResponseSchema } from './schemas/quote.ts';
export type { EtradeQuoteData } from './schemas/quote.ts';
export {
  EtradeCancelResponseSchema,
  EtradeOrderDetailSchema,
  EtradeOrderSchema,
  EtradeOrderStatus,
  EtradeOrdersResponseSchema,
  EtradePlaceResponseSchema,
  EtradePreviewResponseSchema,
} from './schemas/order.ts';
export type { EtradeOrder, EtradeOrderDetail, EtradePlaceResponse, EtradePreviewResponse } from './schemas/order.ts';
export { EtradeCancelRequestSchema, EtradeOrderBodySchema, EtradePlaceRequestSchema, EtradePreviewRequestSchema, EtradePriceType } from './schemas/order-body.ts';
export type { EtradeOrderBody, EtradePlaceRequest, EtradePreviewRequest } from './schemas/order-body.ts';
export { EtradeErrorSchema } from './schemas/error.ts';
export type { EtradeErrorBody } from './schemas/error.ts';
