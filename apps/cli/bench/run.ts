// pnpm bench for @invest/cli: cold starts of the built CLI, each against `node -e 0` in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, result, writeResults } from '../../../tools/bench/harness.ts';

const main = new URL('../dist/main.mjs', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'invest-bench-'));
const env = { ...process.env, INVEST_HOME: home, INVEST_KEYRING: '0' };
execFileSync(process.execPath, [main, 'init'], { env });

/** Median wall time of `runs` cold starts (ms). */
function coldStart(args: string[], runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    if (i >= 2) times.push(performance.now() - t); // the first two warm the OS file cache
  }
  return percentile(times, 50);
}

const node = coldStart(['-e', '0']);
const help = coldStart([main, '--help']);
const status = coldStart([main, 'status', '--json']);
writeResults('cli', [
  result('invest --help (cold start, median)', help, 'ms', { name: 'node -e 0', value: node }, { text: '<= 2x', met: help / node <= 2 }),
  result('invest status --json, two simulation accounts (cold start, median)', status, 'ms', { name: 'node -e 0', value: node }, { text: '<= 4x', met: status / node <= 4 }),
]);
