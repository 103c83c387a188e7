import { z } from 'zod';

/** Price types this adapter sends (a subset of v1-facts §5.7). */
export const EtradePriceType = z.enum(['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT', 'TRAILING_STOP_CNST', 'TRAILING_STOP_PRCT']);
export type EtradePriceType = z.infer<typeof EtradePriceType>;

/** One `Order` of a preview or place body (v1-facts §5.4): capitalised `Instrument` and `Product`. */
export const EtradeOrderBodySchema = z.strictObject({
  allOrNone: z.boolean(),
  priceType: EtradePriceType,
  orderTerm: z.enum(['GOOD_FOR_DAY', 'GOOD_UNTIL_CANCEL', 'IMMEDIATE_OR_CANCEL', 'FILL_OR_KILL']),
  marketSession: z.enum(['REGULAR', 'EXTENDED']),
  limitPrice: z.number().positive().optional(),
  stopPrice: z.number().positive().optional(),
  offsetType: z.enum(['TRAILING_STOP_CNST', 'TRAILING_STOP_PRCT']).optional(),
  offsetValue: z.number().positive().optional(),
  Instrument: z
    .array(
      z.strictObject({
        Product: z.strictObject({ securityType: z.literal('EQ'), symbol: z.string().min(1) }),
        orderAction: z.enum(['BUY', 'SELL']),
        quantityType: z.literal('QUANTITY'),
        quantity: z.number().int().positive(),
      }),
    )
    .length(1),
});
export type EtradeOrderBody = z.infer<typeof EtradeOrderBodySchema>;

/** The fields a preview fixes and a place repeats unchanged. */
const previewed = {
  orderType: z.literal('EQ'),
  clientOrderId: z.string().regex(/^[A-Za-z0-9]{1,20}$/),
  Order: z.array(EtradeOrderBodySchema).length(1),
};

/** `PreviewOrderRequest` body (also the body of a change preview). */
export const EtradePreviewRequestSchema = z.strictObject({ PreviewOrderRequest: z.strictObject(previewed) });
export type EtradePreviewRequest = z.infer<typeof EtradePreviewRequestSchema>;

/** `PlaceOrderRequest` body: the preview's fields plus `PreviewIds` (v1-facts §5.6). */
export const EtradePlaceRequestSchema = z.strictObject({
  PlaceOrderRequest: z.strictObject({ ...previewed, PreviewIds: z.array(z.strictObject({ previewId: z.number().int().positive() })).length(1) }),
});
export type EtradePlaceRequest = z.infer<typeof EtradePlaceRequestSchema>;

/** `CancelOrderRequest` body. */
export const EtradeCancelRequestSchema = z.strictObject({ CancelOrderRequest: z.strictObject({ orderId: z.number().int().positive() }) });
