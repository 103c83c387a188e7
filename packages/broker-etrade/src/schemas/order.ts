import { z } from 'zod';
import { EtradeId, EtradeMessagesSchema, EtradeNumber, oneOrMany } from './primitives.ts';

/** E*TRADE order statuses (v1-facts §5.7). Strict: an unknown status is a protocol error. */
export const EtradeOrderStatus = z.enum([
  'OPEN',
  'EXECUTED',
  'CANCELLED',
  'INDIVIDUAL_FILLS',
  'CANCEL_REQUESTED',
  'EXPIRED',
  'REJECTED',
  'PARTIAL',
  'OPTION_EXERCISE',
  'OPTION_ASSIGNMENT',
  'DO_NOT_EXERCISE',
  'DONE_TRADE_EXECUTED',
  'INVALID',
]);
export type EtradeOrderStatus = z.infer<typeof EtradeOrderStatus>;

/** `Instrument` of an order detail: `quantity` in preview/place answers, `orderedQuantity` in lists (v1-facts §5.3). */
export const EtradeInstrumentSchema = z.looseObject({
  Product: z.looseObject({ symbol: z.string().min(1), securityType: z.string().optional() }),
  orderAction: z.string(),
  quantityType: z.string().optional(),
  quantity: EtradeNumber.optional(),
  orderedQuantity: EtradeNumber.optional(),
  filledQuantity: EtradeNumber.optional(),
  averageExecutionPrice: EtradeNumber.optional(),
});

const price = EtradeNumber.optional();

/** `OrderDetail` (v1-facts §5.3): what one order (or one preview) says about itself. */
export const EtradeOrderDetailSchema = z.looseObject({
  orderNumber: EtradeNumber.optional(),
  placedTime: EtradeNumber.optional(),
  executedTime: EtradeNumber.optional(),
  previewTime: EtradeNumber.optional(),
  status: EtradeOrderStatus.optional(),
  orderTerm: z.string(),
  priceType: z.string(),
  limitPrice: price,
  stopPrice: price,
  stopLimitPrice: price,
  offsetType: z.string().optional(),
  offsetValue: price,
  marketSession: z.string().optional(),
  allOrNone: z.union([z.boolean(), z.string()]).optional(),
  previewId: EtradeId.optional(),
  /** Not documented in answers (unconfirmed); read where a server echoes it. */
  clientOrderId: z.string().optional(),
  replacesOrderId: EtradeId.optional(),
  replacedByOrderId: EtradeId.optional(),
  Instrument: oneOrMany(EtradeInstrumentSchema),
  messages: EtradeMessagesSchema.optional(),
});
export type EtradeOrderDetail = z.infer<typeof EtradeOrderDetailSchema>;

/** One `Order` of a list or detail answer. */
export const EtradeOrderSchema = z.looseObject({
  orderId: EtradeId,
  details: z.string().optional(),
  orderType: z.string().optional(),
  OrderDetail: oneOrMany(EtradeOrderDetailSchema),
});
export type EtradeOrder = z.infer<typeof EtradeOrderSchema>;

/** `GET /v1/accounts/{k}/orders` and `/orders/{id}`; an empty answer (204) is no orders. */
export const EtradeOrdersResponseSchema = z
  .object({
    OrdersResponse: z.looseObject({
      marker: z.union([z.string(), z.number()]).optional(),
      next: z.string().optional(),
      Order: oneOrMany(EtradeOrderSchema).optional(),
      Messages: EtradeMessagesSchema.optional(),
    }),
  })
  .optional();

/** `PreviewOrderResponse` (v1-facts §5.5). */
export const EtradePreviewResponseSchema = z.object({
  PreviewOrderResponse: z.looseObject({
    orderType: z.string(),
    clientOrderId: z.string().optional(),
    previewTime: EtradeNumber.optional(),
    totalOrderValue: EtradeNumber.optional(),
    totalCommission: EtradeNumber.optional(),
    /** E*TRADE's reading of the order (estimates, messages); kept as sent, the place repeats our own body. */
    Order: oneOrMany(z.looseObject({})),
    PreviewIds: oneOrMany(z.looseObject({ previewId: EtradeId, cashMargin: z.string().optional() })),
  }),
});
export type EtradePreviewResponse = z.infer<typeof EtradePreviewResponseSchema>['PreviewOrderResponse'];

/** `PlaceOrderResponse` (v1-facts §5.6). */
export const EtradePlaceResponseSchema = z.object({
  PlaceOrderResponse: z.looseObject({
    orderType: z.string(),
    clientOrderId: z.string().optional(),
    placedTime: EtradeNumber.optional(),
    orderId: EtradeId.optional(),
    Order: oneOrMany(EtradeOrderDetailSchema),
    OrderIds: oneOrMany(z.looseObject({ orderId: EtradeId })),
  }),
});
export type EtradePlaceResponse = z.infer<typeof EtradePlaceResponseSchema>['PlaceOrderResponse'];

/** `CancelOrderResponse` (v1-facts §5.6). */
export const EtradeCancelResponseSchema = z.object({
  CancelOrderResponse: z.looseObject({ orderId: EtradeId, cancelTime: EtradeNumber.optional() }),
});
