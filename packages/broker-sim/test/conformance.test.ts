import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@invest/broker-core';
import { brokerConformanceSuite, type ConformanceHarness, type QuoteUpdate } from '@invest/broker-testkit';
import { createSimBroker, type SimConfigInput } from '../src/index.ts';

/** Monday 2 March 2026, 10:00 in New York: the regular session is open. */
const IN_SESSION = Date.parse('2026-03-02T15:00:00Z');

/**
 * A fresh simulated account on a clock stopped inside the regular session, with the market under
 * the suite's control. The testkit's quote updates keep the prices they leave out, so the hook
 * merges them into the symbol's last quote before pushing it.
 */
interface SimHarness extends ConformanceHarness {
  /** State database suites: the next commit lands, then reports a failure (the answer is lost). */
  loseNextWriteAnswer?: () => void;
}

function harness(config: SimConfigInput, persist: boolean): SimHarness {
  const dir = persist ? mkdtempSync(join(tmpdir(), 'sim-conformance-')) : undefined;
  let loseNext = false;
  const afterCommit = (): void => {
    if (loseNext) {
      loseNext = false;
      throw Object.assign(new Error('EIO: i/o error (fault injected after the commit)'), { code: 'EIO' });
    }
  };
  const sim = createSimBroker(
    { prices: { kind: 'static', quotes: { AAPL: { bid: 99.99, ask: 100.01, last: 100 } } }, ...config },
    { clock: new ManualClock(IN_SESSION), name: 'conformance', ...(dir ? { stateFile: join(dir, 'state.db'), afterCommit } : {}) },
  );
  const last = new Map<string, QuoteUpdate>();
  return {
    ...(dir ? { loseNextWriteAnswer: () => { loseNext = true; } } : {}),
    broker: sim,
    market: {
      async setQuote(symbol: string, quote: QuoteUpdate) {
        const merged = { ...last.get(symbol), ...quote };
        last.set(symbol, merged);
        await sim.setQuote(symbol, merged);
      },
    },
    cleanup: async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const ALL_FEATURES = 'this account declares every feature BC-23 can ask for; the cash, whole-share suite below runs it';
const NO_TRANSPORT = 'in memory the engine answers in-process: no write or transport exists on which an answer could be lost (the state-file suite runs BC-25)';

brokerConformanceSuite({
  name: 'sim (margin account, in memory)',
  createBroker: () => harness({ accountType: 'margin', shortSelling: true }, false),
  skips: { 'BC-23': ALL_FEATURES, 'BC-25': NO_TRANSPORT },
});

brokerConformanceSuite<SimHarness>({
  name: 'sim (margin account, state file)',
  createBroker: () => harness({ accountType: 'margin', shortSelling: true }, true),
  faults: { timeoutAfterSend: (h) => h.loseNextWriteAnswer?.() },
  skips: { 'BC-23': ALL_FEATURES },
});

brokerConformanceSuite({
  name: 'sim (cash account, whole shares)',
  createBroker: () => harness({ accountType: 'cash', fractional: false }, false),
  skips: { 'BC-07': 'a cash account cannot sell short (the margin suites run BC-07)', 'BC-25': NO_TRANSPORT },
});
