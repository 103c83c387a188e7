import type { ParsedOrderRequest, Position, Quote } from '@invest/broker-core';

/** What an outer layer read from the broker for one order: a field is present only when it was read. */
export interface OrderReads {
  quote?: { value: Quote | undefined };
  position?: { value: Position | undefined };
}

/**
 * Reads made for an order, keyed by its parsed request: the same frozen object travels down the
 * layers, so the risk layer's quote and position reach the protective stop below it and the
 * broker is not asked twice for one order. Taken once (a request sent again reads afresh).
 */
const shared = new WeakMap<ParsedOrderRequest, OrderReads>();

/**
 * Leaves what was read for `req` to the layers below.
 *
 * @example
 * ```ts
 * shareReads(req, { quote: { value: quote }, position: { value: position } })
 * ```
 */
export function shareReads(req: ParsedOrderRequest, reads: OrderReads): void {
  shared.set(req, reads);
}

/**
 * Takes what a layer above read for `req` (empty when nothing was), so it is used once.
 *
 * @example
 * ```ts
 * const { quote, position } = takeReads(req)
 * const q = quote ? quote.value : await inner.getQuote(req.symbol)
 * ```
 */
export function takeReads(req: ParsedOrderRequest): OrderReads {
  const reads = shared.get(req) ?? {};
  shared.delete(req);
  return reads;
}
