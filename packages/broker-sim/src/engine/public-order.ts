import type { Order } from '@invest/broker-core';
import { exactText } from './exact-text.ts';
import type { SimEngine } from './engine.ts';
import { publicFields } from './order-fields.ts';
import type { SimOrder } from './sim-order.ts';
import { isoTime } from './time-text.ts';

/**
 * The order as the public model shows it: no undefined fields, legs nested, a trailing stop's
 * current stop price, and in `raw` what the simulator knows beyond the model (exact commission,
 * water mark, expiry).
 *
 * @example
 * ```ts
 * publicOrder(engine, engine.get('ord-000001')).raw // { role: 'entry', commission: '0', filledQuantity: '10' }
 * ```
 */
export function publicOrder(e: SimEngine, o: SimOrder): Order {
  const out = publicFields(o.order);
  if (o.order.type === 'trailing_stop' && !o.triggered) {
    const book = e.books.get(o.order.symbol);
    const side = o.order.side === 'sell' ? book?.trailSell : book?.trailBuy;
    const stop = side?.stopOf(o);
    if (stop && stop.sign() > 0) out.stopPrice = stop.toNumber();
  }
  if (o.legIds.length > 0) out.legs = o.legIds.map((id) => publicOrder(e, e.get(id)));
  const raw: Record<string, unknown> = { role: o.role, commission: exactText(o.commission), filledQuantity: exactText(o.filled) };
  const mark = waterMarkOf(e, o);
  if (mark !== undefined) raw.waterMark = mark;
  if (o.triggered) raw.triggered = true;
  if (o.expiresAt !== undefined) raw.expiresAt = isoTime(o.expiresAt);
  out.raw = raw;
  return out;
}

/**
 * Current water mark of a trailing stop (from its book's index while it rests).
 *
 * @example
 * ```ts
 * waterMarkOf(engine, trailingSell) // 191.4: the highest trade since it started
 * ```
 */
export function waterMarkOf(e: SimEngine, o: SimOrder): number | undefined {
  if (o.order.type !== 'trailing_stop') return undefined;
  if (o.slot === 'trailing') {
    const book = e.books.get(o.order.symbol);
    return (o.order.side === 'sell' ? book?.trailSell : book?.trailBuy)?.markOf(o);
  }
  return o.waterMark;
}
