// The plugin-author path, as someone outside the repository walks it: the packed
// @invest/broker-core and @invest/broker-testkit (what npm would publish), a blank project with
// the tsconfig broker-core's README recommends, the peer dependencies installed from the npm
// registry, examples/plugin-author's source copied in; then `tsc --noEmit` and `vitest run` with
// the conformance suite must pass there.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;
const example = join(root, 'examples', 'plugin-author');
// The toolchain's node first (npm runs under it), then the machine's npm.
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(':');

/** The exact versions the workspace uses, so the blank project tests what the repository tests. */
const VERSIONS = { zod: '4.6.7', eventemitter3: '5.0.4', vitest: '5.1.1', typescript: '7.0.2', '@types/node': '24.19.2' };

/** The tsconfig broker-core's README recommends: its first JSON block under "TypeScript settings". */
async function readmeTsconfig(): Promise<{ compilerOptions: Record<string, unknown> }> {
  const readme = await readFile(join(root, 'packages', 'broker-core', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### TypeScript settings'));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('broker-core README: no JSON tsconfig under "TypeScript settings"');
  return JSON.parse(block[1]!) as { compilerOptions: Record<string, unknown> };
}

async function pack(pkg: string, into: string): Promise<string> {
  const before = new Set(await readdir(into));
  await run('pnpm', ['pack', '--pack-destination', into], { cwd: join(root, 'packages', pkg) });
  const tarball = (await readdir(into)).find((f) => f.endsWith('.tgz') && !before.has(f));
  if (!tarball) throw new Error(`pnpm pack made no tarball for ${pkg}`);
  return `file:${join(into, tarball)}`;
}

it('a plugin written from the READMEs type-checks and passes the conformance suite in a blank project, from packed tarballs', async () => {
  const base = await mkdtemp(join(tmpdir(), 'invest-plugin-author-'));
  const tarballs = join(base, 'tarballs');
  const project = join(base, 'project');
  await mkdir(tarballs);
  await mkdir(project);
  const core = await pack('broker-core', tarballs);
  const testkit = await pack('broker-testkit', tarballs);

  await writeFile(join(project, 'package.json'), JSON.stringify({
    name: 'my-invest-plugin',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: { '@invest/broker-core': core, zod: VERSIONS.zod, eventemitter3: VERSIONS.eventemitter3 },
    devDependencies: {
      '@invest/broker-testkit': testkit, vitest: VERSIONS.vitest, typescript: VERSIONS.typescript, '@types/node': VERSIONS['@types/node'],
    },
    // broker-testkit's peer on broker-core is met by the tarball, never by the registry.
    overrides: { '@invest/broker-core': '$@invest/broker-core' },
  }, null, 2));
  await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ ...(await readmeTsconfig()), include: ['src', 'test'] }, null, 2));
  await cp(join(example, 'src'), join(project, 'src'), { recursive: true });
  await cp(join(example, 'test'), join(project, 'test'), { recursive: true });

  // The machine's environment (its CA certificates, a proxy) without what this run's pnpm, Nx and
  // vitest set: npm must behave as in a user's shell.
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|nx_|vitest)/i.test(k))),
    PATH, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false',
  };
  await run('npm', ['install', '--no-package-lock', '--loglevel=error'], { cwd: project, env, maxBuffer: 16 * 1024 * 1024 });
  // One core in the graph: the testkit uses the same copy as the plugin.
  await expect(readdir(join(project, 'node_modules', '@invest', 'broker-testkit'))).resolves.not.toContain('node_modules');

  const tsc = await run(join(project, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', project], { cwd: project, env }).catch((e: { stdout: string }) => e);
  expect(tsc.stdout, tsc.stdout).toBe('');

  const vitest = await run(join(project, 'node_modules', '.bin', 'vitest'), ['run', '--reporter=json', '--outputFile=report.json'], { cwd: project, env, maxBuffer: 16 * 1024 * 1024 })
    .catch((e: { stdout: string; stderr: string }) => e);
  const report = JSON.parse(await readFile(join(project, 'report.json'), 'utf8')) as { success: boolean; numPassedTests: number; numFailedTests: number };
  expect(report, `${vitest.stdout}\n${vitest.stderr}`).toMatchObject({ success: true, numFailedTests: 0 });
  // The suite really ran: BC-01 to BC-06, BC-21 to BC-24 and BC-26, plus the example's own two tests.
  expect(report.numPassedTests).toBe(13);
}, 300_000);
