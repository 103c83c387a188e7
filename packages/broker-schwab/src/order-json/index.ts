// The order JSON Schwab's Trader API and TD Ameritrade's API share, in both directions. Exported on
// purpose: @invest/broker-td builds on it, so the mapping exists once.
export { fromOrderJson, ORDER_JSON_STATUS } from './order.ts';
export type { FromOrderJsonOptions } from './order.ts';
export { SCHWAB_DIALECT, toOrderJson } from './request-body.ts';
export type { OrderJsonDialect } from './request-body.ts';
export { replacementRequest } from './replacement.ts';
export { describesOrderRequest, pickRecentOrder } from './recent-match.ts';
export type { RecentWindow } from './recent-match.ts';
export { orderIdFromLocation } from './location.ts';
export { ORDER_JSON_PRECISION, orderNumber, orderPrice } from './price.ts';
export { OrderJsonDuration, OrderJsonLegSchema, OrderJsonListSchema, OrderJsonSchema, OrderJsonStatus, OrderJsonType } from './schema.ts';
export type { OrderJson, OrderJsonBody, OrderJsonBodyDuration } from './schema.ts';
