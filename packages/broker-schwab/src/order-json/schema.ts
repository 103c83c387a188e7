import { z } from 'zod';

/** Schwab / TD order statuses (`status` / `apiOrderStatus` in the Trader API). Order states stay strict. */
export const OrderJsonStatus = z.enum([
  'AWAITING_PARENT_ORDER', 'AWAITING_CONDITION', 'AWAITING_STOP_CONDITION', 'AWAITING_MANUAL_REVIEW', 'ACCEPTED', 'AWAITING_UR_OUT',
  'PENDING_ACTIVATION', 'QUEUED', 'WORKING', 'REJECTED', 'PENDING_CANCEL', 'CANCELED', 'PENDING_REPLACE', 'REPLACED', 'FILLED',
  'EXPIRED', 'NEW', 'AWAITING_RELEASE_TIME', 'PENDING_ACKNOWLEDGEMENT', 'PENDING_RECALL', 'UNKNOWN',
]);
export type OrderJsonStatus = z.infer<typeof OrderJsonStatus>;

/** Order types as answered. A reference enum: a type this mapping does not know reads as `UNKNOWN`. */
export const OrderJsonType = z
  .enum([
    'MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT', 'TRAILING_STOP', 'CABINET', 'NON_MARKETABLE', 'MARKET_ON_CLOSE', 'EXERCISE',
    'TRAILING_STOP_LIMIT', 'NET_DEBIT', 'NET_CREDIT', 'NET_ZERO', 'LIMIT_ON_CLOSE', 'UNKNOWN',
  ])
  .catch('UNKNOWN');
export type OrderJsonType = z.infer<typeof OrderJsonType>;

/** Durations (time in force). Reference enum with an `UNKNOWN` fallback. */
export const OrderJsonDuration = z
  .enum(['DAY', 'GOOD_TILL_CANCEL', 'FILL_OR_KILL', 'IMMEDIATE_OR_CANCEL', 'END_OF_WEEK', 'END_OF_MONTH', 'NEXT_END_OF_MONTH', 'UNKNOWN'])
  .catch('UNKNOWN');
export type OrderJsonDuration = z.infer<typeof OrderJsonDuration>;

/** Leg instructions. Reference enum with an `UNKNOWN` fallback (`EXCHANGE`, option instructions...). */
export const OrderJsonInstruction = z
  .enum(['BUY', 'SELL', 'BUY_TO_COVER', 'SELL_SHORT', 'BUY_TO_OPEN', 'BUY_TO_CLOSE', 'SELL_TO_OPEN', 'SELL_TO_CLOSE', 'SELL_SHORT_EXEMPT', 'UNKNOWN'])
  .catch('UNKNOWN');

const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

/** One leg of an order: what is bought or sold, and how much. */
export const OrderJsonLegSchema = z.looseObject({
  instruction: OrderJsonInstruction,
  quantity: finite.optional(),
  instrument: z.looseObject({ symbol: z.string().min(1), assetType: z.string().optional() }),
});

/** One execution leg of an `EXECUTION` activity. */
const ExecutionLegSchema = z.looseObject({ price: finite.optional(), quantity: finite.optional(), time: z.string().optional() });

/** The order object both Schwab's Trader API and TD Ameritrade's API answer (`Order` / `OrderGet`). */
export interface OrderJson {
  orderId?: number | undefined;
  accountNumber?: number | undefined;
  accountId?: number | undefined;
  status?: OrderJsonStatus | undefined;
  orderType?: OrderJsonType | undefined;
  duration?: OrderJsonDuration | undefined;
  session?: string | undefined;
  orderStrategyType?: string | undefined;
  price?: number | undefined;
  stopPrice?: number | undefined;
  stopPriceLinkBasis?: string | undefined;
  stopPriceLinkType?: string | undefined;
  stopPriceOffset?: number | undefined;
  quantity?: number | undefined;
  filledQuantity?: number | undefined;
  remainingQuantity?: number | undefined;
  enteredTime?: string | undefined;
  closeTime?: string | undefined;
  cancelable?: boolean | undefined;
  orderLegCollection?: z.infer<typeof OrderJsonLegSchema>[] | undefined;
  orderActivityCollection?: { activityType?: string | undefined; executionLegs?: z.infer<typeof ExecutionLegSchema>[] | undefined }[] | undefined;
  childOrderStrategies?: OrderJson[] | undefined;
  [extra: string]: unknown;
}

/**
 * Parses an order answer. Fields the mapping reads are typed; everything else is kept (loose) for
 * `raw`. Schwab sends numbers as JSON numbers (`format: double` / `int64`).
 */
export const OrderJsonSchema: z.ZodType<OrderJson> = z.looseObject({
  orderId: z.number().int().optional(),
  accountNumber: z.number().optional(),
  accountId: z.number().optional(),
  status: OrderJsonStatus.optional(),
  orderType: OrderJsonType.optional(),
  duration: OrderJsonDuration.optional(),
  session: z.string().optional(),
  orderStrategyType: z.string().optional(),
  price: finite.optional(),
  stopPrice: finite.optional(),
  stopPriceLinkBasis: z.string().optional(),
  stopPriceLinkType: z.string().optional(),
  stopPriceOffset: finite.optional(),
  quantity: finite.optional(),
  filledQuantity: finite.optional(),
  remainingQuantity: finite.optional(),
  enteredTime: z.string().optional(),
  closeTime: z.string().optional(),
  cancelable: z.boolean().optional(),
  orderLegCollection: z.array(OrderJsonLegSchema).optional(),
  orderActivityCollection: z.array(z.looseObject({ activityType: z.string().optional(), executionLegs: z.array(ExecutionLegSchema).optional() })).optional(),
  childOrderStrategies: z.array(z.lazy(() => OrderJsonSchema)).optional(),
});

/** A list of orders (`GET .../orders`). */
export const OrderJsonListSchema = z.array(OrderJsonSchema);

/** The durations this mapping sends. */
export type OrderJsonBodyDuration = 'DAY' | 'GOOD_TILL_CANCEL' | 'FILL_OR_KILL' | 'IMMEDIATE_OR_CANCEL';

/** The order body this mapping sends (`POST .../orders`, `PUT .../orders/{id}`, previewOrder's `orderStrategy`-less body). */
export interface OrderJsonBody {
  /** Absent only on an OCO wrapper, whose children carry it. */
  session?: 'NORMAL' | 'SEAMLESS';
  duration?: OrderJsonBodyDuration;
  orderType?: 'MARKET' | 'LIMIT' | 'STOP' | 'STOP_LIMIT' | 'TRAILING_STOP';
  price?: number;
  stopPrice?: number;
  stopPriceLinkBasis?: 'BID' | 'ASK';
  stopPriceLinkType?: 'VALUE' | 'PERCENT';
  stopPriceOffset?: number;
  complexOrderStrategyType?: 'NONE';
  orderStrategyType: 'SINGLE' | 'OCO' | 'TRIGGER';
  orderLegCollection?: { instruction: 'BUY' | 'SELL'; quantity: number; instrument: { symbol: string; assetType: 'EQUITY' } }[];
  childOrderStrategies?: OrderJsonBody[];
}
