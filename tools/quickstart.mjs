// `npm run demo` on a fresh clone with Node >= 22 and npm: gets pnpm (through npx when it is not
// installed), installs the workspace, builds the CLI and what it depends on, and runs
// `invest demo` (two simulation accounts in a throwaway home; no account, no network).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`Invest needs Node.js 22.12 or later; this is ${process.version}.`);
  process.exit(1);
}
const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0;
const pnpm = has('pnpm') ? ['pnpm'] : ['npx', '--yes', 'pnpm@12.21.0'];

function step(title, cmd, args) {
  console.log(`\n> ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

// Build scripts are skipped: the demo needs none of them (only the optional OS-keyring modules
// compile, and they need libsecret headers a fresh machine may not have).
step('installing dependencies', pnpm[0], [...pnpm.slice(1), 'install', '--ignore-scripts']);
step('building the CLI', pnpm[0], [...pnpm.slice(1), 'exec', 'nx', 'run', '@invest/cli:build', '--outputStyle=stream']);
step('invest demo', process.execPath, ['apps/cli/dist/main.mjs', 'demo']);
