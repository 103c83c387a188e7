// Type tests: checked by `pnpm lint` (tsc --noEmit), they pin the public types so a change that
// loosens or breaks them fails the build.
import { expectTypeOf } from 'vitest';
import type { Broker, BrokerAdapter, BrokerPlugin, Order, OrderRequest, OrderRequestInput, OrderStatus, ParsedOrderRequest } from '../src/index.ts';
import { BrokerError, ErrorCode, InvalidOrderError, parseOrderRequest, RateLimitError } from '../src/index.ts';

// A parsed request always has its defaults and a client order id.
expectTypeOf(parseOrderRequest).returns.toEqualTypeOf<ParsedOrderRequest>();
expectTypeOf<ParsedOrderRequest>().toExtend<Readonly<OrderRequest>>();
// A plain object is not a parsed request: an adapter cannot be handed unchecked input by the types.
expectTypeOf<OrderRequest>().not.toExtend<ParsedOrderRequest>();
expectTypeOf<BrokerAdapter['submitOrder']>().parameters.toEqualTypeOf<[ParsedOrderRequest]>();
expectTypeOf<BrokerPlugin['create']>().returns.toEqualTypeOf<BrokerAdapter>();
expectTypeOf<OrderRequest['clientOrderId']>().toEqualTypeOf<string>();
expectTypeOf<OrderRequest['type']>().toEqualTypeOf<'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop'>();
expectTypeOf<OrderRequest['timeInForce']>().toEqualTypeOf<'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls'>();
// Input: only symbol and side are needed by the type (quantity/notional are checked at runtime).
expectTypeOf<{ symbol: string; side: 'buy' }>().toExtend<OrderRequestInput>();
expectTypeOf<{ symbol: string; side: 'long' }>().not.toExtend<OrderRequestInput>();

expectTypeOf<OrderStatus>().toExtend<string>();
expectTypeOf<'filled'>().toExtend<OrderStatus>();
expectTypeOf<'done'>().not.toExtend<OrderStatus>();
expectTypeOf<Order['raw']>().toEqualTypeOf<unknown>();

expectTypeOf<InvalidOrderError>().toExtend<BrokerError>();
expectTypeOf<RateLimitError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
expectTypeOf<BrokerError['code']>().toEqualTypeOf<(typeof ErrorCode)[keyof typeof ErrorCode]>();

expectTypeOf<Broker['submitOrder']>().parameters.toEqualTypeOf<[OrderRequestInput]>();
expectTypeOf<Broker['submitOrder']>().returns.toEqualTypeOf<Promise<Order>>();
expectTypeOf<BrokerPlugin<{ apiKey: string }>['create']>().parameter(0).toEqualTypeOf<{ apiKey: string }>();
