import type { OrderStatus } from '../model/enums.ts';

/** Statuses an order never leaves, except by the races in `RACE_TRANSITIONS`. */
export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['filled', 'canceled', 'replaced', 'rejected', 'expired']);

/** Statuses an order can have right after (more of) it filled. */
export const FILL_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'partially_filled', 'filled', 'pending_cancel', 'pending_replace', 'canceled', 'expired', 'replaced',
]);

/** True for filled, canceled, replaced, rejected and expired. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

const WORKING: OrderStatus[] = ['accepted', 'new', 'held', 'partially_filled', 'filled', 'pending_cancel', 'pending_replace', 'canceled', 'replaced', 'rejected', 'expired'];

/**
 * Ordinary transitions: from each status, the statuses it may move to. Data, not `if`s; the one
 * function `applyOrderUpdate` reads it.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_new: WORKING,
  accepted: WORKING.filter((s) => s !== 'accepted'),
  new: WORKING.filter((s) => s !== 'accepted' && s !== 'new'),
  held: ['new', 'accepted', 'partially_filled', 'filled', 'pending_cancel', 'canceled', 'rejected', 'expired', 'replaced', 'pending_replace'],
  partially_filled: ['partially_filled', 'filled', 'pending_cancel', 'pending_replace', 'canceled', 'replaced', 'expired'],
  pending_cancel: ['canceled', 'partially_filled', 'filled', 'expired'],
  pending_replace: ['replaced', 'partially_filled', 'filled', 'canceled', 'pending_cancel', 'expired'],
  filled: [],
  canceled: [],
  replaced: [],
  rejected: [],
  expired: [],
};

/**
 * Transitions the real world produces that look impossible: a fill that raced a cancel, expiry
 * or replace (terminal -> filled), and a cancel or replace that failed (pending -> working). They
 * are allowed and reported as races so they can be logged.
 */
export const RACE_TRANSITIONS: Readonly<Partial<Record<OrderStatus, readonly OrderStatus[]>>> = {
  canceled: ['partially_filled', 'filled'],
  expired: ['partially_filled', 'filled'],
  replaced: ['partially_filled', 'filled'],
  pending_cancel: ['accepted', 'new'],
  pending_replace: ['accepted', 'new'],
};

/** `ordinary`, `race` (allowed, log it), or `illegal`. */
export function classifyTransition(from: OrderStatus, to: OrderStatus): 'ordinary' | 'race' | 'illegal' {
  if (ORDER_TRANSITIONS[from]?.includes(to)) return 'ordinary';
  if (RACE_TRANSITIONS[from]?.includes(to)) return 'race';
  return 'illegal';
}
