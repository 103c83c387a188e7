// `pnpm test`: builds and tests every project through Nx, then sums the vitest JSON reports the
// projects wrote and prints the closing line CI reads: `N passed, N failed` (", N skipped" when
// there are skips). Exits non-zero when Nx failed, a test failed, a suite failed to load, or no
// report was found at all. Extra arguments go to `nx run-many` (e.g. `--projects=broker-core`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

/** Project folders of a group (tools/ also holds scripts, which are not projects). */
const projectsIn = (dir) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : []);
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

// The auth package tests a real OS keyring. Where gnome-keyring is installed, run the whole
// suite inside a private D-Bus session with an unlocked keyring (nothing touches the user's own).
const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
if (!process.env.INVEST_KEYRING_SESSION && which('dbus-run-session') && which('gnome-keyring-daemon')) {
  // The daemon keeps its keyrings under a fresh private home, so an existing keyring (with some
  // other password) can never be the one it tries, and fails, to unlock.
  const inner = [
    'kr_home=$(mktemp -d)',
    'echo -n invest-test | HOME="$kr_home" XDG_DATA_HOME="$kr_home/.local/share" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
    'node "$0" "$@"; status=$?',
    'rm -rf "$kr_home"',
    'exit $status',
  ].join('; ');
  const child = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, new URL(import.meta.url).pathname, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, INVEST_KEYRING_SESSION: '1' },
  });
  process.exit(child.status ?? 1);
}
for (const group of ['packages', 'apps', 'examples', 'tools']) {
  const dir = join(root, group);
  for (const name of projectsIn(dir)) rmSync(join(dir, name, 'reports'), { recursive: true, force: true });
}
// The repository-wide checks (tools/ci: the quick start on a fresh clone, which runs a whole
// `npm test` of its own) run after every other project, alone, so they share the machine with
// nothing and their timing-sensitive inner tests see what a user's run would.
const CHECKS = '@invest/ci-checks';
const args = process.argv.slice(2);
const nx = spawnSync('pnpm', ['exec', 'nx', 'run-many', '-t', 'build', 'test', '--outputStyle=stream', `--exclude=${CHECKS}`, ...args], { cwd: root, stdio: 'inherit' });
const checks = args.length > 0 ? { status: 0 } : spawnSync('pnpm', ['exec', 'nx', 'run', `${CHECKS}:test`, '--outputStyle=stream'], { cwd: root, stdio: 'inherit' });
const nxFailed = nx.status !== 0 || checks.status !== 0;
let passed = 0;
let failed = 0;
let skipped = 0;
let suitesFailed = 0;
let reports = 0;
for (const group of ['packages', 'apps', 'examples', 'tools']) {
  const dir = join(root, group);
  for (const name of projectsIn(dir)) {
    const file = join(dir, name, 'reports', 'vitest.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    reports += 1;
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    // A file that fails to import has no tests but is a failure all the same.
    for (const suite of report.testResults) {
      if (suite.status === 'failed' && suite.assertionResults.length === 0) suitesFailed += 1;
    }
    if (report.numTotalTests === 0 && report.testResults.length === 0) {
      // A project whose tests all vanished must not pass quietly.
      failed += 1;
      console.log(`${group}/${name}: no test files found (counted as 1 failed)`);
      continue;
    }
    console.log(`${group}/${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  }
}
failed += suitesFailed;
if (nxFailed && failed === 0) {
  // A build or a test run that died before reporting: count it, never print a green line.
  console.log('nx run-many failed outside any test report');
  failed += 1;
}
if (reports === 0) {
  console.log('no test report found');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
