import { z } from 'zod';
import { isTimestamp } from '../map/timestamp.ts';
import { AlpacaOrderSchema, AlpacaOrderStatus, AlpacaOrderType, AlpacaSide, AlpacaTimeInForce, type AlpacaOrder } from './order.ts';
import { DECIMAL } from './primitives.ts';

const STATUSES: ReadonlySet<unknown> = new Set(AlpacaOrderStatus.options);
const TYPES: ReadonlySet<unknown> = new Set(AlpacaOrderType.options);
const SIDES: ReadonlySet<unknown> = new Set(AlpacaSide.options);
const TIMES_IN_FORCE: ReadonlySet<unknown> = new Set(AlpacaTimeInForce.options);

const OPTIONAL_TIMESTAMPS = ['updated_at', 'submitted_at', 'filled_at', 'expired_at', 'canceled_at', 'failed_at', 'replaced_at'] as const;
const OPTIONAL_DECIMALS = ['notional', 'qty', 'filled_avg_price', 'limit_price', 'stop_price', 'trail_price', 'trail_percent', 'hwm'] as const;
const NULLISH_STRINGS = ['replaced_by', 'replaces'] as const;
const OPTIONAL_STRINGS = ['asset_id', 'asset_class', 'order_class', 'order_type'] as const;

const absent = (v: unknown): boolean => v === null || v === undefined;

/**
 * True only for a value `AlpacaOrderSchema` accepts unchanged: the same rules written as plain
 * checks (about a quarter of zod's cost on an order). It may say false where the schema would
 * still accept (the caller then asks the schema); it must never say true where the schema would
 * refuse, which a property test checks against the schema.
 */
export function isAlpacaOrder(value: unknown): value is AlpacaOrder {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  if (typeof o.id !== 'string' || o.id === '' || typeof o.client_order_id !== 'string') return false;
  if (typeof o.symbol !== 'string' || o.symbol === '') return false;
  if (typeof o.created_at !== 'string' || !isTimestamp(o.created_at)) return false;
  if (typeof o.filled_qty !== 'string' || !DECIMAL.test(o.filled_qty)) return false;
  if (!TYPES.has(o.type) || !SIDES.has(o.side) || !TIMES_IN_FORCE.has(o.time_in_force) || !STATUSES.has(o.status)) return false;
  for (const key of OPTIONAL_TIMESTAMPS) {
    const v = o[key];
    if (!absent(v) && (typeof v !== 'string' || !isTimestamp(v))) return false;
  }
  for (const key of OPTIONAL_DECIMALS) {
    const v = o[key];
    if (!absent(v) && (typeof v !== 'string' || !DECIMAL.test(v))) return false;
  }
  for (const key of NULLISH_STRINGS) {
    const v = o[key];
    if (!absent(v) && typeof v !== 'string') return false;
  }
  for (const key of OPTIONAL_STRINGS) {
    const v = o[key];
    if (v !== undefined && typeof v !== 'string') return false;
  }
  if (o.extended_hours !== undefined && typeof o.extended_hours !== 'boolean') return false;
  const legs = o.legs;
  if (!absent(legs)) {
    if (!Array.isArray(legs)) return false;
    for (const leg of legs) if (!isAlpacaOrder(leg)) return false;
  }
  return true;
}

/**
 * `AlpacaOrderSchema` for the answers of the order endpoints: a well-formed order is checked by
 * `isAlpacaOrder` and kept as parsed; anything else goes through the schema itself, so a bad
 * answer fails with exactly the schema's issues (field paths and messages).
 */
export const AlpacaOrderAnswerSchema: z.ZodType<AlpacaOrder> = z.unknown().transform((value, ctx): AlpacaOrder => {
  if (isAlpacaOrder(value)) return value;
  const full = AlpacaOrderSchema.safeParse(value, { reportInput: true });
  if (full.success) return full.data;
  // The schema's own issues, paths and messages as they are (zod types them per code).
  for (const issue of full.error.issues) ctx.issues.push({ ...issue } as (typeof ctx.issues)[number]);
  return z.NEVER;
});

/** `GET /v2/orders`, each element read as `AlpacaOrderAnswerSchema`. */
export const AlpacaOrderAnswerListSchema = z.array(AlpacaOrderAnswerSchema);
