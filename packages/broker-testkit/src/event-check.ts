import { classifyTransition, FILL_STATUSES, isTerminalStatus, ORDER_TRANSITIONS, RACE_TRANSITIONS, type OrderStatus } from '@invest/broker-core';
import { EPSILON } from './validators.ts';

/** The fields of an order event the sequence checks read. */
export interface OrderEventView {
  id: string;
  clientOrderId: string;
  status: OrderStatus;
  filledQuantity: number;
  quantity?: number;
}


/**
 * Problems in a stream of `order` events, in arrival order: for each order id, every consecutive
 * pair of statuses must be an ordinary or race transition of the core table, the filled quantity
 * never decreases and never exceeds the quantity, fills arrive only with a status that carries
 * them, `filled` means complete, and the client order id never changes. A repeated status is not
 * a transition (a broker may report the same state twice). Returns one line per problem; empty
 * when the stream is legal.
 *
 * @example
 * ```ts
 * orderEventProblems([{ id: '1', clientOrderId: 'c', status: 'filled', filledQuantity: 1, quantity: 1 },
 *                     { id: '1', clientOrderId: 'c', status: 'new', filledQuantity: 1, quantity: 1 }])
 * // ['order 1: filled -> new is not a transition of the order lifecycle']
 * ```
 */
export function orderEventProblems(events: readonly OrderEventView[]): string[] {
  const problems: string[] = [];
  const last = new Map<string, OrderEventView>();
  for (const event of events) {
    const name = `order ${event.id}`;
    const quantity = event.quantity;
    if (quantity !== undefined && event.filledQuantity > quantity + EPSILON) {
      problems.push(`${name}: filledQuantity ${event.filledQuantity} exceeds quantity ${quantity}`);
    }
    if (event.status === 'filled' && quantity !== undefined && event.filledQuantity + EPSILON < quantity) {
      problems.push(`${name}: status filled with ${event.filledQuantity} of ${quantity} filled`);
    }
    const prev = last.get(event.id);
    last.set(event.id, event);
    if (!prev) continue;
    if (prev.clientOrderId !== event.clientOrderId) {
      problems.push(`${name}: clientOrderId changed from ${prev.clientOrderId} to ${event.clientOrderId}`);
    }
    if (event.filledQuantity + EPSILON < prev.filledQuantity) {
      problems.push(`${name}: filledQuantity went back from ${prev.filledQuantity} to ${event.filledQuantity}`);
    }
    if (event.filledQuantity > prev.filledQuantity + EPSILON && !FILL_STATUSES.has(event.status)) {
      problems.push(`${name}: fills arrived with status ${event.status}`);
    }
    if (prev.status !== event.status) {
      const kind = classifyTransition(prev.status, event.status);
      if (kind === 'illegal') {
        problems.push(`${name}: ${prev.status} -> ${event.status} is not a transition of the order lifecycle`);
      } else if (kind === 'race' && isTerminalStatus(prev.status) && !(event.filledQuantity > prev.filledQuantity + EPSILON)) {
        problems.push(`${name}: ${prev.status} -> ${event.status} without a new fill`);
      }
    }
  }
  return problems;
}

/** Every status reachable from each status through any chain of ordinary or race transitions. */
const REACHABLE: ReadonlyMap<OrderStatus, ReadonlySet<OrderStatus>> = (() => {
  const next = (s: OrderStatus): readonly OrderStatus[] => [...ORDER_TRANSITIONS[s], ...(RACE_TRANSITIONS[s] ?? [])];
  const out = new Map<OrderStatus, Set<OrderStatus>>();
  for (const from of Object.keys(ORDER_TRANSITIONS) as OrderStatus[]) {
    const seen = new Set<OrderStatus>();
    const queue = [...next(from)];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      if (seen.has(s)) continue;
      seen.add(s);
      queue.push(...next(s));
    }
    out.set(from, seen);
  }
  return out;
})();

/**
 * Whether a later snapshot of an order (a poll) can follow an earlier one. Polls may miss the
 * steps in between, so from a working status any status reachable through the lifecycle is
 * accepted. What is refused is going back: fewer fills than before, or leaving a terminal status
 * other than by a fill that raced it (more filled, and a fill status or another terminal one).
 *
 * @example
 * ```ts
 * snapshotProblem({ ...o, status: 'filled' }, { ...o, status: 'new' }) // 'filled -> new cannot happen ...'
 * ```
 */
export function snapshotProblem(earlier: OrderEventView, later: OrderEventView): string | undefined {
  if (later.filledQuantity + EPSILON < earlier.filledQuantity) {
    return `filledQuantity went back from ${earlier.filledQuantity} to ${later.filledQuantity}`;
  }
  if (earlier.status === later.status) return undefined;
  const cannot = `${earlier.status} -> ${later.status} cannot happen, even through missed steps`;
  if (isTerminalStatus(earlier.status)) {
    // Only a status a fill can race (canceled, expired, replaced) is ever left, and only by a fill.
    const races = RACE_TRANSITIONS[earlier.status] ?? [];
    const raced = races.length > 0 && later.filledQuantity > earlier.filledQuantity + EPSILON;
    return raced && (races.includes(later.status) || isTerminalStatus(later.status)) ? undefined : cannot;
  }
  return REACHABLE.get(earlier.status)?.has(later.status) ? undefined : cannot;
}
