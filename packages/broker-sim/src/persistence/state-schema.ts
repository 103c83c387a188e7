import { FillSchema, OrderSchema } from '@invest/broker-core';
import { z } from 'zod';

/** Version of the state file this code writes. A file with a lower one is migrated on load. */
export const STATE_VERSION = 1;

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, { error: 'must be an exact decimal string' });
const time = z.number().int();

const simOrderState = z.strictObject({
  order: OrderSchema,
  seq: z.number().int().positive(),
  role: z.enum(['entry', 'take_profit', 'stop_loss']),
  legIds: z.array(z.string()),
  siblingId: z.string().optional(),
  filled: decimal,
  value: decimal,
  commission: decimal,
  triggered: z.boolean(),
  waterMark: z.number().optional(),
  expiresAt: time.optional(),
});

const marketState = z.strictObject({
  bid: z.number().optional(),
  ask: z.number().optional(),
  last: z.number().optional(),
  bidSize: z.number().optional(),
  askSize: z.number().optional(),
  lastSize: z.number().optional(),
  time,
  used: z.strictObject({ bid: z.number(), ask: z.number(), last: z.number() }),
  trailRefSell: z.number().optional(),
  trailRefBuy: z.number().optional(),
  known: z.boolean().optional(),
});

/**
 * The state file, version 1: the whole account (ledger, positions, every order and fill, the last
 * quote of each symbol) as canonical JSON. Exact amounts are decimal strings; times are epoch ms
 * in the simulator's own fields and ISO 8601 inside orders and fills (the core model).
 */
export const SimStateSchema = z.strictObject({
  version: z.literal(STATE_VERSION),
  accountId: z.string().min(1),
  currency: z.string().length(3),
  time,
  ledger: z.strictObject({ initialCash: decimal, cash: decimal, realizedPnl: decimal, commissions: decimal }),
  startOfDay: z.strictObject({ date: z.string(), equity: decimal }),
  seq: z.strictObject({ order: z.number().int().min(0), fill: z.number().int().min(0), clientOrderId: z.number().int().min(0) }),
  positions: z.record(z.string(), z.strictObject({ quantity: decimal, cost: decimal, realizedPnl: decimal })),
  orders: z.array(simOrderState),
  fills: z.array(FillSchema),
  market: z.record(z.string(), marketState),
  pulled: z.record(z.string(), z.strictObject({ at: time, key: z.string() })),
  source: z.unknown(),
});

export type SimState = z.infer<typeof SimStateSchema>;
export type SimOrderState = z.infer<typeof simOrderState>;
export type SimMarketState = z.infer<typeof marketState>;
