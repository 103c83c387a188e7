#!/usr/bin/env node
// The one entry point behind `npm run demo`, `npm test`, `./invest` and `.ci/run`. Plain JavaScript
// that runs on the Node a machine came with (Node 20 here): when that Node is older than the
// engines range (>=22.13), or pnpm 12 is not on PATH, it fetches Node 24 and pnpm from the npm
// registry into a per-user cache once, says so in one line, and runs itself again under them.
//
//   node tools/bootstrap.mjs demo            install, build the CLI, run `invest demo`
//   node tools/bootstrap.mjs test [args]     install, build, run every test; ends `N passed, N failed`
//   node tools/bootstrap.mjs lint            install, typecheck + ESLint + publint + attw for every project
//   node tools/bootstrap.mjs build           install, build every package
//   node tools/bootstrap.mjs bench           install, build, run every benchmark (results in bench/results)
//   node tools/bootstrap.mjs invest [args]   install and build the CLI when needed, then run it
//   node tools/bootstrap.mjs ci              CI: system packages, test, lint; ends `N passed, N failed`
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const NODE_MAJOR = 24;
const [task = 'test', ...args] = process.argv.slice(2);
const TASKS = new Set(['demo', 'test', 'lint', 'build', 'bench', 'invest', 'ci']);
if (!TASKS.has(task)) {
  console.error(`usage: node tools/bootstrap.mjs <${[...TASKS].join('|')}> [args]`);
  process.exit(2);
}

/** Where the fetched toolchain lives: one per user, shared by every clone. */
const cacheDir = process.env.INVEST_TOOLCHAIN || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'invest-toolchain');
const say = (text) => console.error(`[invest] ${text}`);
/** Ends the run; in CI a setup failure still ends on the closing line CI reads. */
function stop(status) {
  if (task === 'ci' && status !== 0) console.log('0 passed, 1 failed');
  process.exit(status);
}

function versionOf(cmd, env = process.env) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', env, shell: process.platform === 'win32' });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, '') : undefined;
}

function nodeIsSupported(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

/** npm install -g into the cache prefix, quietly; its output is shown only when it fails. */
function installIntoCache(specs) {
  mkdirSync(cacheDir, { recursive: true });
  const r = spawnSync('npm', ['install', '--global', '--prefix', cacheDir, '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    say(`could not fetch ${specs.join(' ')} from the npm registry (npm exit ${r.status ?? r.signal})`);
    stop(1);
  }
}

/** Makes sure a supported Node and the pinned pnpm run this script; re-runs it under them when not. */
function ensureToolchain() {
  if (process.env.INVEST_BOOTSTRAPPED) return;
  const cacheBin = join(cacheDir, 'bin');
  const pathWithCache = `${cacheBin}${delimiter}${process.env.PATH ?? ''}`;
  const env = { ...process.env, PATH: pathWithCache };
  const usingOwnNode = nodeIsSupported(process.versions.node);
  const cachedNode = versionOf(join(cacheBin, 'node'));
  const needNode = !usingOwnNode && !(cachedNode && nodeIsSupported(cachedNode));
  const needPnpm = versionOf('pnpm', env) !== PNPM_VERSION;
  if (needNode || needPnpm) {
    const what = [needNode && `Node ${NODE_MAJOR}`, needPnpm && `pnpm ${PNPM_VERSION}`].filter(Boolean).join(' and ');
    const why = needNode ? `Node ${process.versions.node} is older than Invest needs (>=22.13)` : `pnpm ${PNPM_VERSION} is not on PATH`;
    say(`${why}: fetching ${what} from the npm registry into ${cacheDir} (once)`);
    installIntoCache([...(needNode ? [`node@${NODE_MAJOR}`] : []), ...(needPnpm ? [`pnpm@${PNPM_VERSION}`] : [])]);
  }
  const node = usingOwnNode ? process.execPath : join(cacheBin, 'node');
  if (!usingOwnNode) {
    // Native modules (keytar) compile against the headers of the Node that runs them.
    const headers = join(cacheDir, 'lib', 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
    if (existsSync(join(headers, 'include'))) env.npm_config_nodedir = headers;
  }
  env.INVEST_BOOTSTRAPPED = '1';
  const r = spawnSync(node, [new URL(import.meta.url).pathname, task, ...args], { stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}

function run(cmd, cmdArgs, options = {}) {
  const r = spawnSync(cmd, cmdArgs, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...options,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...options.env },
  });
  return r.status ?? 1;
}

/**
 * Runs a setup step (install, the CLI's build): one line, and the tool's own output only when it
 * fails; in CI its output stays in the log.
 */
function must(title, cmd, cmdArgs, options = {}) {
  // CI keeps every tool's output in its log; a person sees one line per step, the output on failure.
  const quiet = task !== 'ci';
  if (quiet) say(`${title}...`);
  const r = spawnSync(cmd, cmdArgs, {
    cwd: root,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
    ...options,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...options.env },
  });
  const status = r.status ?? 1;
  if (status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    say(`${title} failed (exit ${status})`);
    stop(status);
  }
}

/**
 * Debian packages the tests need: libsecret to build keytar, gnome-keyring + dbus for a real
 * keyring, chromium for the dashboard's browser tests (Playwright drives it; in CI they fail without it).
 */
const SYSTEM_PACKAGES = ['libsecret-1-dev', 'gnome-keyring', 'dbus-x11', 'chromium'];

function installSystemPackages() {
  if (process.platform !== 'linux' || spawnSync('sh', ['-c', 'command -v apt-get && command -v dpkg'], { stdio: 'ignore' }).status !== 0) return;
  const missing = SYSTEM_PACKAGES.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  const root_ = process.getuid?.() === 0;
  if (!root_ && spawnSync('sh', ['-c', 'sudo -n true'], { stdio: 'ignore' }).status !== 0) {
    say(`not installed: ${missing.join(' ')} (the OS-keyring and browser tests skip, saying why; install them with apt-get to run those tests)`);
    return;
  }
  say(`installing ${missing.join(' ')} with apt-get`);
  const quiet = { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  const aptGet = (...aptArgs) => (root_ ? spawnSync('apt-get', aptArgs, quiet) : spawnSync('sudo', ['-n', 'apt-get', ...aptArgs], quiet));
  const update = aptGet('update', '-qq');
  const install = aptGet('install', '-y', '-qq', ...missing);
  if (update.status !== 0 || install.status !== 0) say(`apt-get could not install ${missing.join(' ')}; the OS-keyring and browser tests will say so`);
}

/** `pnpm install` when node_modules is missing or older than the lockfile. */
function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  // A step run by another step (CI's `pnpm lint` after its install) installs nothing again.
  if (process.env.INVEST_INSTALLED) return;
  process.env.INVEST_INSTALLED = '1';
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs && !process.env.CI) return;
  // keytar (the design's keyring module) compiles with libsecret's headers; without them its build
  // would fail the whole install, so it is skipped and the tests that need it say why.
  const canBuildKeytar = spawnSync('sh', ['-c', 'pkg-config --exists libsecret-1'], { stdio: 'ignore' }).status === 0;
  must('installing dependencies (first run only)', 'pnpm', ['install', '--frozen-lockfile', ...(canBuildKeytar ? [] : ['--ignore-scripts'])]);
}

function buildCli() {
  must('building the CLI', 'pnpm', ['exec', 'nx', 'run', '@invest/cli:build', '--outputStyle=static']);
}

ensureToolchain();
switch (task) {
  case 'demo':
    ensureInstalled();
    buildCli();
    process.exit(run(process.execPath, ['apps/cli/dist/main.mjs', 'demo', ...args]));
    break;
  case 'invest': {
    ensureInstalled();
    if (!existsSync(join(root, 'apps', 'cli', 'dist', 'main.mjs'))) buildCli();
    // The user's current directory, not the repo's: `invest` reads a .env and paths from there.
    const r = spawnSync(process.execPath, [join(root, 'apps', 'cli', 'dist', 'main.mjs'), ...args], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
    break;
  }
  case 'test':
    ensureInstalled();
    process.exit(run(process.execPath, [join(root, 'tools', 'ci', 'run-tests.mjs'), ...args]));
    break;
  case 'lint':
    ensureInstalled();
    process.exit(run('pnpm', ['exec', 'nx', 'run-many', '-t', 'typecheck', 'lint:eslint', 'lint:package', ...args]));
    break;
  case 'build':
    ensureInstalled();
    process.exit(run('pnpm', ['exec', 'nx', 'run-many', '-t', 'build', ...args]));
    break;
  case 'bench':
    ensureInstalled();
    process.exit(run('pnpm', ['exec', 'nx', 'run-many', '-t', 'build', 'bench', '--parallel=1', '--outputStyle=static', ...args]));
    break;
  case 'ci': {
    installSystemPackages();
    ensureInstalled();
    process.exit(run('bash', [join(root, 'tools', 'ci', 'ci-steps.sh')]));
  }
}
