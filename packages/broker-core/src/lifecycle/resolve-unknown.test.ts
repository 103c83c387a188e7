import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { ConnectionError, UnknownOutcomeError } from '../errors/subclasses.ts';
import type { Order } from '../model/order.ts';
import { resolveUnknownOutcome } from './resolve-unknown.ts';

const found = { id: 'o-1', clientOrderId: 'c1' } as Order;

describe('resolveUnknownOutcome', () => {
  it('looks the order up until it appears, and never sends anything', async () => {
    const clock = new ManualClock(0);
    const answers: (Order | undefined | Error)[] = [undefined, new ConnectionError('reset'), found];
    const lookups: string[] = [];
    const p = resolveUnknownOutcome('c1', async (id) => {
      lookups.push(id);
      const a = answers.shift();
      if (a instanceof Error) throw a;
      return a;
    }, { clock, delayMs: 100 });
    await clock.advance(100 + 200 + 400);
    await expect(p).resolves.toBe(found);
    expect(lookups).toEqual(['c1', 'c1', 'c1']);
  });

  it('after the last lookup it is still unknown, never rejected', async () => {
    const clock = new ManualClock(0);
    const p = resolveUnknownOutcome('c9', async () => undefined, { clock, attempts: 3, delayMs: 10 });
    const settled = expect(p).rejects.toSatisfy((e: unknown) => e instanceof UnknownOutcomeError && e.clientOrderId === 'c9' && e.outcome === 'unknown');
    await clock.advance(10_000);
    await settled;
  });
});
