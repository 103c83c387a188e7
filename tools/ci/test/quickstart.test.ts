// The README's quick start, as a new user runs it: a fresh clone of the committed tree (HEAD), a
// fresh home (no toolchain cache, no pnpm store), the machine's stock PATH (its own Node, which
// may be older than the engines range; no pnpm), then `npm run demo`, the README's next steps
// (`./invest init`, `./invest status`) and the second quick-start command, `npm test`, which must
// end `N passed, 0 failed`. That inner `npm test` runs this file too: there it skips itself
// (INVEST_QUICKSTART_INNER), or each run would start another.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const STOCK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Certificate and proxy settings a machine's shell carries (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, HTTPS_PROXY...). */
const NETWORK_SETTING = /CERT|CA_BUNDLE|CAINFO|^(?:https?|no|all)_proxy$/i;

const inner = process.env.INVEST_QUICKSTART_INNER === '1';

it.skipIf(inner)('`npm run demo` then `npm test` on a fresh clone and a fresh home, with the stock PATH: the demo runs, ./invest works, the tests end N passed, 0 failed', () => {
  const base = mkdtempSync(join(tmpdir(), 'invest-quickstart-'));
  const clone = join(base, 'invest');
  const home = join(base, 'home');
  mkdirSync(home);
  execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${root}`, clone]);
  // Only what a user's shell has: no CI, no Nx or npm settings inherited from this test run; the
  // machine's network settings (its CA certificates, a proxy) stay, as they are in a user's shell.
  const network = Object.fromEntries(Object.entries(process.env).filter(([k]) => NETWORK_SETTING.test(k)));
  const env = { ...network, HOME: home, PATH: STOCK_PATH, TERM: 'dumb', INVEST_HOME: join(base, 'invest-home') };
  const demo = spawnSync('npm', ['run', 'demo'], { cwd: clone, encoding: 'utf8', env, timeout: 540_000 });
  expect(demo.status, demo.stderr.slice(-3000)).toBe(0);
  const out = stripVTControlCharacters(demo.stdout);
  expect(out).toMatch(/Buy 30 AAPL, split across both accounts/);
  expect(out).toMatch(/paper-1: 15 AAPL filled/);
  expect(out).toMatch(/refused: Risk limit max_position_size \(paper-1\)/);
  // The setup says what it does in a line per step, and nothing a user cannot act on.
  const err = stripVTControlCharacters(demo.stderr);
  expect(err).not.toMatch(/npm warn|npm notice|Update available|deprecated/i);
  const node = spawnSync('node', ['--version'], { encoding: 'utf8', env }).stdout.trim();
  const [major, minor] = node.replace(/^v/, '').split('.').map(Number);
  if (major! < 22 || (major === 22 && minor! < 13)) expect(err).toMatch(/older than Invest needs \(>=22\.13\): fetching Node 24 and pnpm/);

  const init = spawnSync(join(clone, 'invest'), ['init', '--json'], { cwd: base, encoding: 'utf8', env, timeout: 120_000 });
  expect(init.status, init.stderr.slice(-2000)).toBe(0);
  const status = spawnSync(join(clone, 'invest'), ['status', '--json'], { cwd: base, encoding: 'utf8', env, timeout: 120_000 });
  expect(status.status, status.stderr.slice(-2000)).toBe(0);
  expect(JSON.parse(status.stdout).brokers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'paper-1', connected: true })]));

  // The second quick-start command, on the same clone, as the README gives it.
  const test = spawnSync('npm', ['test'], { cwd: clone, encoding: 'utf8', env: { ...env, INVEST_QUICKSTART_INNER: '1' }, timeout: 1_500_000, maxBuffer: 256 * 1024 * 1024 });
  const lines = stripVTControlCharacters(test.stdout).trim().split('\n');
  expect(test.status, lines.slice(-40).join('\n')).toBe(0);
  expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed(, \d+ skipped)?$/);
  // Setup notices a user could not act on (update offers, approvals of a tool not on their PATH) stay out.
  expect(stripVTControlCharacters(test.stdout + test.stderr)).not.toMatch(/npm warn|npm notice|Update available|awaiting approval/i);
}, 1_800_000);
