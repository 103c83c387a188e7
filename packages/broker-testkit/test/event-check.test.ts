import { applyOrderUpdate, classifyTransition, isTerminalStatus, OrderStatus, ORDER_TRANSITIONS, RACE_TRANSITIONS, type Order } from '@invest/broker-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderEventProblems, snapshotProblem, type OrderEventView } from '../src/index.ts';

const Q = 4;
const ev = (status: OrderStatus, filledQuantity = 0, extra: Partial<OrderEventView> = {}): OrderEventView => ({
  id: 'o1', clientOrderId: 'c1', status, filledQuantity, quantity: Q, ...extra,
});

/** Whether core's lifecycle accepts the sequence as events (the first one creates the order). */
function coreAccepts(events: readonly OrderEventView[]): boolean {
  const [first, ...rest] = events;
  if (!first) return true;
  if (first.filledQuantity > Q || (first.status === 'filled' && first.filledQuantity < Q)) return false;
  let order: Order = {
    id: 'o1', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', orderClass: 'simple',
    status: first.status, quantity: Q, filledQuantity: first.filledQuantity, averageFillPrice: first.filledQuantity > 0 ? 1 : undefined,
    extendedHours: false, createdAt: '2026-01-02T14:30:00.000Z', updatedAt: '2026-01-02T14:30:00.000Z',
  };
  try {
    for (const e of rest) {
      const r = applyOrderUpdate(order, { kind: 'event', status: e.status, filledQuantity: e.filledQuantity, averageFillPrice: 1, timestamp: '2026-01-02T14:30:01.000Z' });
      order = r.order;
    }
    return true;
  } catch {
    return false;
  }
}

const next = (s: OrderStatus): OrderStatus[] => [...ORDER_TRANSITIONS[s], ...(RACE_TRANSITIONS[s] ?? [])];

/** A legal walk through the lifecycle with fills that only grow, and only with statuses that carry them. */
const legalWalk = fc
  .record({ start: fc.constantFrom<OrderStatus>('pending_new', 'accepted', 'new'), picks: fc.array(fc.nat(), { maxLength: 10 }) })
  .map(({ start, picks }) => {
    const out = [ev(start)];
    for (const pick of picks) {
      const prev = out.at(-1)!;
      const options = next(prev.status);
      if (options.length === 0) break;
      const status = options[pick % options.length]!;
      const filled = status === 'filled' ? Q : status === 'partially_filled' ? Math.min(prev.filledQuantity + 1, Q - 1) : prev.filledQuantity;
      if (status === 'partially_filled' && filled <= prev.filledQuantity && prev.status === 'partially_filled') continue;
      // Leaving a terminal status (a race) is only legal with a new fill.
      if (isTerminalStatus(prev.status) && filled <= prev.filledQuantity) continue;
      out.push(ev(status, filled));
    }
    return out;
  });

describe('orderEventProblems', () => {
  it('accepts ordinary and race transitions', () => {
    expect(orderEventProblems([ev('pending_new'), ev('new'), ev('partially_filled', 1), ev('filled', Q)])).toEqual([]);
    expect(orderEventProblems([ev('new'), ev('pending_cancel'), ev('canceled'), ev('filled', Q)])).toEqual([]);
    expect(orderEventProblems([ev('new'), ev('new')])).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(orderEventProblems([ev('filled', Q), ev('new', Q)])).toEqual(['order o1: filled -> new is not a transition of the order lifecycle']);
    expect(orderEventProblems([ev('partially_filled', 2), ev('partially_filled', 1)])).toEqual(['order o1: filledQuantity went back from 2 to 1']);
    expect(orderEventProblems([ev('new', 0), ev('new', 1)])).toEqual(['order o1: fills arrived with status new']);
    expect(orderEventProblems([ev('partially_filled', 5)])).toEqual(['order o1: filledQuantity 5 exceeds quantity 4']);
    expect(orderEventProblems([ev('filled', 3)])).toEqual(['order o1: status filled with 3 of 4 filled']);
    expect(orderEventProblems([ev('new'), ev('canceled', 0, { clientOrderId: 'c2' })])).toEqual(['order o1: clientOrderId changed from c1 to c2']);
  });

  it('judges each order on its own events', () => {
    expect(orderEventProblems([ev('new'), ev('filled', Q, { id: 'o2' }), ev('canceled'), ev('filled', Q, { id: 'o2' })])).toEqual([]);
  });

  it('accepts every legal walk through the lifecycle', () => {
    fc.assert(fc.property(legalWalk, (walk) => orderEventProblems(walk).length === 0), { numRuns: 2000 });
  });

  it('refuses an illegal step appended to any legal walk', () => {
    fc.assert(
      fc.property(legalWalk, fc.constantFrom(...OrderStatus.options), (walk, status) => {
        const last = walk.at(-1)!;
        fc.pre(status !== last.status && classifyTransition(last.status, status) === 'illegal');
        const problems = orderEventProblems([...walk, ev(status, status === 'filled' ? Q : last.filledQuantity)]);
        return problems.some((p) => p.includes(`${last.status} -> ${status}`));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with core applyOrderUpdate on arbitrary event sequences', () => {
    const event = fc.record({ status: fc.constantFrom(...OrderStatus.options), filled: fc.integer({ min: 0, max: Q }) }).map(({ status, filled }) => ev(status, filled));
    fc.assert(
      fc.property(fc.oneof(fc.array(event, { minLength: 1, maxLength: 6 }), legalWalk), (events) => (orderEventProblems(events).length === 0) === coreAccepts(events)),
      { numRuns: 5000 },
    );
  });
});

describe('snapshotProblem', () => {
  it('lets a poll skip steps, never go back', () => {
    expect(snapshotProblem(ev('new'), ev('filled', Q))).toBeUndefined();
    expect(snapshotProblem(ev('new'), ev('accepted'))).toBeUndefined(); // through pending_cancel and a failed cancel
    expect(snapshotProblem(ev('filled', Q), ev('new', Q))).toMatch(/filled -> new cannot happen/);
    expect(snapshotProblem(ev('partially_filled', 2), ev('partially_filled', 1))).toMatch(/went back from 2 to 1/);
  });

  it('lets a fill that raced a cancel show, nothing else leave a terminal status', () => {
    expect(snapshotProblem(ev('canceled', 1), ev('filled', Q))).toBeUndefined();
    expect(snapshotProblem(ev('canceled', 1), ev('partially_filled', 2))).toBeUndefined();
    expect(snapshotProblem(ev('canceled', 1), ev('partially_filled', 1))).toMatch(/canceled -> partially_filled cannot happen/);
    expect(snapshotProblem(ev('canceled'), ev('new'))).toMatch(/canceled -> new cannot happen/);
    expect(snapshotProblem(ev('rejected'), ev('filled', Q))).toMatch(/rejected -> filled cannot happen/);
  });

  it('accepts any later point of a legal walk up to its first terminal status', () => {
    const untilTerminal = legalWalk.map((walk) => {
      const end = walk.findIndex((e) => isTerminalStatus(e.status));
      return end === -1 ? walk : walk.slice(0, end + 1);
    });
    fc.assert(fc.property(untilTerminal, (walk) => walk.every((a, i) => walk.slice(i + 1).every((b) => snapshotProblem(a, b) === undefined))), { numRuns: 2000 });
  });
});
