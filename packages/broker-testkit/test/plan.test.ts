import { describe, expect, it } from 'vitest';
import { assertSkips, CASE_IDS, CONFORMANCE_CASES, planConformance, type CaseId } from '../src/index.ts';
import { FULL_CAPABILITIES } from './reference/reference-broker.ts';
import { SMALL_CAPABILITIES } from './reference/harness.ts';

const everything = { market: true, faults: { timeoutAfterSend: true } };
const nothing = { market: false, faults: { timeoutAfterSend: false } };
const notRun = (plan: ReturnType<typeof planConformance>): Record<string, string> =>
  Object.fromEntries(plan.flatMap((p) => (p.status === 'run' ? [] : [[p.case.id, `${p.status}: ${p.reason}`]])));

describe('CONFORMANCE_CASES', () => {
  it('holds one case per id, in order, each with a title', () => {
    expect(CONFORMANCE_CASES.map((c) => c.id)).toEqual([...CASE_IDS]);
    for (const c of CONFORMANCE_CASES) expect(c.title.length).toBeGreaterThan(10);
  });
});

describe('planConformance', () => {
  it('runs every case but BC-23 for a broker that supports everything', () => {
    expect(notRun(planConformance(FULL_CAPABILITIES, everything))).toEqual({
      'BC-23': 'not-applicable: the broker declares every feature this case can ask for',
    });
  });

  it('rules cases out by capability and by harness hooks, with the reason', () => {
    const small = { ...FULL_CAPABILITIES, ...SMALL_CAPABILITIES };
    const plan = notRun(planConformance(small, nothing));
    expect(Object.keys(plan)).toEqual(['BC-07', 'BC-09', 'BC-10', 'BC-11', 'BC-12', 'BC-13', 'BC-14', 'BC-15', 'BC-16', 'BC-17', 'BC-18', 'BC-19', 'BC-25']);
    expect(plan['BC-07']).toBe('not-applicable: capabilities.shortSelling is false');
    expect(plan['BC-25']).toBe('not-applicable: no faults.timeoutAfterSend hook was given');
    expect(notRun(planConformance(FULL_CAPABILITIES, { ...everything, market: false }))['BC-12']).toBe('not-applicable: the harness has no market control to move prices');
  });

  it('puts the caller\'s skips first, with their reason', () => {
    const plan = planConformance(FULL_CAPABILITIES, everything, { 'BC-26': ' the mock keeps no state across connections ' });
    expect(plan.find((p) => p.case.id === 'BC-26')).toMatchObject({ status: 'skipped', reason: 'the mock keeps no state across connections' });
  });

  it('leaves only BC-01 to run when the capabilities are not schema-valid', () => {
    const plan = planConformance({ ...FULL_CAPABILITIES, orderTypes: [] }, everything);
    expect(plan.filter((p) => p.status === 'run').map((p) => p.case.id)).toEqual(['BC-01']);
  });
});

describe('assertSkips', () => {
  it('refuses a skip without a reason, or for a case that does not exist', () => {
    expect(() => assertSkips({ 'BC-03': '' })).toThrow('skips.BC-03: a skip needs its reason');
    expect(() => assertSkips({ 'BC-03': '   ' })).toThrow(TypeError);
    expect(() => assertSkips({ 'BC-99': 'nope' })).toThrow('skips.BC-99: no such case');
    expect(() => assertSkips(['BC-01'])).toThrow('skips must be an object');
    expect(() => assertSkips({ 'BC-03': 'the feed has no quotes' } satisfies Partial<Record<CaseId, string>>)).not.toThrow();
    expect(() => assertSkips(undefined)).not.toThrow();
  });
});
