// The README's quick start, as a new user runs it: a fresh clone of the committed tree (HEAD), its
// first command, `npm run demo`, with nothing built and no node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;

it('`npm run demo` on a fresh clone sets everything up and runs invest demo', () => {
  const clone = join(mkdtempSync(join(tmpdir(), 'invest-quickstart-')), 'invest');
  execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${root}`, clone]);
  const r = spawnSync('npm', ['run', 'demo'], { cwd: clone, encoding: 'utf8', env: { ...process.env, INVEST_HOME: join(clone, '.home') }, timeout: 540_000 });
  expect(r.status, r.stderr.slice(-2000)).toBe(0);
  // The text a user reads: colours (FORCE_COLOR, as Nx sets for its tasks outside CI) stripped.
  const out = stripVTControlCharacters(r.stdout);
  expect(out).toMatch(/Buy 30 AAPL, split across both accounts/);
  expect(out).toMatch(/paper-1: 15 AAPL filled/);
  expect(out).toMatch(/refused: Risk limit max_position_size \(paper-1\)/);
});
